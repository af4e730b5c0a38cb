"""Generate the invented demo shop: catalog.csv, orders.csv and policies.yaml.

Why a generator rather than hand-written files: the demo data must stay internally
consistent (order totals equal the sum of catalogue prices, every order line names a
real product, policy texts only quote figures listed in their facts), and a seeded,
stdlib-only script keeps that true after any edit. Run `python data/build_demo.py`
from the repository root; the output is byte-identical on every run.

Everything here is invented: brands, products, customers (example.com addresses),
tracking numbers. A few rows are pinned by hand because the demo conversation relies
on them ("waterproof hiking boots under 120" -> "is the second one available in 44?").
"""

from __future__ import annotations

import csv
import random
import re
import sys
import textwrap
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

SEED = 20261124
TODAY = date(2026, 11, 24)
OUT = Path(__file__).resolve().parent
CURRENCY = "EUR"

CATALOG_COLUMNS = ["id", "name", "brand", "category", "price", "currency", "stock", "sizes",
                   "colors", "attributes", "description", "image_url"]
ORDER_COLUMNS = ["order_id", "customer", "email", "status", "items", "total", "currency",
                 "placed_at", "carrier", "tracking_number", "estimated_delivery"]
STATUSES = ["processing", "shipped", "out_for_delivery", "delivered", "cancelled", "returned"]

BRANDS = ["Torvik", "Cairnfield", "Vellmoor", "Skerra", "Haldenway", "Brisko", "Lumaro",
          "Fernhollow", "Quarzo"]

CLOTHING = ["XS", "S", "M", "L", "XL", "XXL"]

# category: (count, noun variants, model words, variant words, price range, colors, kind)
CATEGORIES = {
    "hiking boots": (28, ["Hiking Boot", "Boot", "Trekking Boot", "Hiker"],
                     ["Ridgeline", "Summit", "Talus", "Moraine", "Scree", "Highpass", "Cragmoor",
                      "Granite", "Basalt", "Ptarmigan", "Col", "Fellside", "Kammweg", "Lodestone"],
                     ["Mid", "Low", "Pro", "Trek", "Lite", "Leather", "Approach", "XT"],
                     (79, 249), ["brown", "black", "grey", "olive", "tan", "navy"], "shoes"),
    "trail shoes": (24, ["Trail Shoe", "Trail Runner", "Trail Running Shoe"],
                    ["Switchback", "Rockhop", "Gully", "Skyline", "Ridgerun", "Tarn", "Burnside",
                     "Merlin", "Fjell", "Loam"],
                    ["2", "3", "Grip", "Ultra", "Speed", "Pro", "Mid", "Lite"],
                    (89, 179), ["black", "orange", "blue", "grey", "lime", "red"], "shoes"),
    "running shoes": (24, ["Running Shoe", "Runner", "Road Shoe"],
                      ["Tempo", "Cadence", "Stride", "Velo", "Pacer", "Glide", "Aero", "Meridian",
                       "Kinetic", "Flux"],
                      ["2", "3", "4", "Plus", "Max", "Elite", "Daily", "Racer"],
                      (79, 199), ["white", "black", "blue", "coral", "grey", "yellow"], "shoes"),
    "rain jackets": (24, ["Rain Jacket", "Shell Jacket", "Waterproof Jacket", "Rain Shell"],
                     ["Downpour", "Squall", "Drizzle", "Monsoon", "Nimbus", "Stormline", "Cloudburst",
                      "Tidewater", "Mistral", "Bluster"],
                     ["2.5L", "3L", "Packable", "Pro", "Lite", "Hooded", "Trek", "Alpine"],
                     (69, 349), ["red", "navy", "black", "yellow", "teal", "green"], "clothing"),
    "jackets": (20, ["Insulated Jacket", "Down Jacket", "Puffer Jacket", "Hybrid Jacket"],
                ["Ember", "Hearth", "Polar", "Frostline", "Cinder", "Thermal", "Ashfall", "Glacier",
                 "Taiga", "Hoarfrost"],
                ["Hoody", "800", "Lite", "Expedition", "Urban", "Pro"],
                (99, 379), ["black", "navy", "rust", "olive", "grey", "plum"], "clothing"),
    "fleece": (18, ["Fleece", "Fleece Jacket", "Grid Fleece", "Fleece Pullover"],
               ["Moss", "Heather", "Bracken", "Lichen", "Peat", "Birch", "Thistle", "Hollow"],
               ["100", "200", "Half-Zip", "Full-Zip", "Hoody", "Tech"],
               (39, 129), ["green", "grey", "navy", "sand", "burgundy", "black"], "clothing"),
    "t-shirts": (22, ["T-Shirt", "Tee", "Merino Tee", "Tech Tee"],
                 ["Trailhead", "Basecamp", "Sunrise", "Waypoint", "Dayhike", "Contour", "Horizon",
                  "Pathfinder", "Meadow", "Outpost"],
                 ["Merino", "Organic", "Quick-Dry", "Graphic", "Classic", "Long-Sleeve", "Crew"],
                 (19, 79), ["white", "black", "sage", "sky blue", "rust", "charcoal"], "clothing"),
    "trousers": (20, ["Hiking Trousers", "Trekking Pants", "Zip-Off Pants", "Softshell Trousers"],
                 ["Traverse", "Ledge", "Crux", "Gorge", "Shale", "Boulder", "Scramble", "Terrace"],
                 ["Stretch", "Convertible", "Winter", "Lite", "Pro", "Cargo"],
                 (49, 159), ["black", "khaki", "olive", "grey", "navy"], "clothing"),
    "socks": (18, ["Hiking Socks", "Running Socks", "Trekking Socks", "Liner Socks"],
              ["Cushion", "Blister Guard", "Woolly", "Crew", "Quarter", "Heel Lock", "Ankle"],
              ["Merino", "Light", "Heavy", "2-Pack", "3-Pack"],
              (12, 34), ["grey", "black", "navy", "orange", "green"], "socks"),
    "backpacks": (22, ["Backpack", "Daypack", "Trekking Pack", "Hydration Pack"],
                  ["Cairn", "Wayfarer", "Ridgeback", "Hauler", "Pika", "Ibex", "Rucker", "Nomad",
                   "Ascent", "Ferrata"],
                  ["18", "22", "28", "32", "40", "55", "65", "Lite", "Pro"],
                  (39, 289), ["black", "blue", "red", "grey", "green", "orange"], "gear"),
    "tents": (16, ["Tent", "Dome Tent", "Tunnel Tent", "Ultralight Tent"],
              ["Bivvy", "Nightjar", "Fieldcamp", "Starfall", "Hollowbrook", "Lakeside", "Stormhold",
               "Wildcamp"],
              ["1", "2", "3", "4", "UL", "Plus"],
              (89, 649), ["green", "orange", "grey", "sand"], "gear"),
    "sleeping bags": (16, ["Sleeping Bag", "Down Sleeping Bag", "Synthetic Sleeping Bag",
                           "Quilt"],
                      ["Dormant", "Hibernate", "Nightfall", "Slumber", "Ember", "Duvet", "Firefly"],
                      ["-5", "0", "5", "10", "Lite", "Winter"],
                      (59, 449), ["red", "blue", "green", "black"], "sleeping"),
    "headlamps": (14, ["Headlamp", "Head Torch"],
                  ["Beacon", "Lumen", "Glow", "Nightowl", "Lantern", "Firefly", "Spark"],
                  ["200", "350", "500", "900", "R", "Core"],
                  (19, 119), ["black", "orange", "blue", "yellow"], "gear"),
    "water bottles": (16, ["Water Bottle", "Insulated Bottle", "Soft Flask", "Filter Bottle"],
                      ["Spring", "Brook", "Rill", "Cascade", "Oasis", "Wellspring", "Creek"],
                      ["Steel", "Lite", "Wide", "Trail", "Sport"],
                      (9, 54), ["silver", "black", "blue", "green", "white", "pink"], "bottle"),
    "watches": (12, ["GPS Watch", "Outdoor Watch", "Multisport Watch"],
                ["Compass", "Bearing", "Altus", "Navigator", "Trace", "Orbit"],
                ["2", "Pro", "Solar", "Sport", "S", "X"],
                (149, 649), ["black", "slate", "white", "green"], "gear"),
    "cookware": (18, ["Stove", "Cook Set", "Pot", "Mug", "Pan", "Spork"],
                 ["Campfire", "Billy", "Hearthstone", "Ridgefire", "Simmer", "Kettle", "Brew"],
                 ["Titanium", "Alu", "Solo", "Compact", "Ultralight"],
                 (9, 149), ["silver", "black", "orange", "green"], "gear"),
    "trekking poles": (12, ["Trekking Poles", "Hiking Poles", "Trail Poles"],
                       ["Stride", "Balance", "Alpen", "Descent", "Pivot", "Carbon"],
                       ["Carbon", "Alu", "Folding", "Compact", "Pro"],
                       (39, 179), ["black", "blue", "red", "grey"], "poles"),
}

USE = {
    "hiking boots": [
        "Built for long days on rocky trails and multi-day treks with a loaded pack.",
        "A dependable companion for hillwalking, mountain paths and weekend backpacking trips.",
        "Made for hikers who want ankle support on steep, uneven ground.",
        "Great for day hikes, forest tracks and easy scrambles alike.",
        "A sturdy boot for trekking holidays, hut-to-hut tours and muddy countryside walks.",
    ],
    "trail shoes": [
        "Designed for running on dirt, gravel and technical singletrack.",
        "A nimble off-road runner for fast hikes and mountain trail races.",
        "Grippy lugs bite into loose soil, wet roots and steep descents.",
        "For runners who swap tarmac for forest paths and fell tracks.",
        "Light enough for racing, protective enough for rocky ultras.",
    ],
    "running shoes": [
        "A cushioned road shoe for daily training, tempo runs and your next marathon.",
        "Ideal for jogging on pavement, park loops and the treadmill.",
        "Springy foam keeps your legs fresh on long runs and easy recovery miles.",
        "A responsive trainer for interval sessions and 10k race day.",
        "Made for city runners who log kilometres on asphalt every week.",
    ],
    "rain jackets": [
        "Keeps you dry in a downpour, whether you are on the trail or cycling to work.",
        "A waterproof shell that shrugs off heavy rain, sleet and wind on exposed ridges.",
        "Stay bone-dry through wet-weather hikes and drizzly city commutes.",
        "Your shield against sudden showers and stormy mountain weather.",
        "Packs small for the bottom of your bag until the clouds burst.",
    ],
    "jackets": [
        "A warm layer for cold winter walks, ski-touring breaks and frosty mornings.",
        "Traps heat on chilly summits, at belays and around the campfire.",
        "Cosy insulation for freezing city days and winter trekking alike.",
        "Keeps the cold out when temperatures drop below zero.",
    ],
    "fleece": [
        "A soft mid layer that keeps you warm under a shell on cool days.",
        "Light warmth for autumn hikes, campsite evenings and chilly offices.",
        "Cosy enough to wear around the hut, light enough to climb in.",
        "The classic warm layer for spring and autumn walks.",
    ],
    "t-shirts": [
        "An everyday tee for hiking, the gym and lazy weekends.",
        "Wicks sweat on hot summer hikes and dries fast after a rinse.",
        "Soft and odour-resistant for multi-day trips without laundry.",
        "A lightweight top for warm-weather trail runs and travel.",
    ],
    "trousers": [
        "Hard-wearing hiking pants for long treks and rocky scrambles.",
        "Stretchy trekking trousers that move with you on steep climbs.",
        "Quick-drying pants for summer walks, travel and via ferrata days.",
        "Durable trousers for bushwalking, brambles and everyday adventures.",
    ],
    "socks": [
        "Cushioned socks that prevent blisters on long hikes.",
        "Keep your feet comfortable and dry mile after mile.",
        "Padded heel and toe for trekking days in heavy boots.",
        "Thin, light socks for running and fast hiking.",
    ],
    "backpacks": [
        "A comfortable pack for day hikes, commuting and weekend getaways.",
        "Carries everything you need for multi-day treks and hut tours.",
        "A rucksack with a ventilated back for hot summer hiking.",
        "Holds your water, snacks and spare layers on long trail days.",
    ],
    "tents": [
        "A shelter for wild camping, festivals and backpacking trips.",
        "Quick to pitch after a long day on the trail, even in the dark.",
        "Stands firm in wind and rain on exposed campsites.",
        "A roomy home-away-from-home for camping weekends.",
    ],
    "sleeping bags": [
        "Keeps you warm through cold nights under the stars.",
        "A cosy bag for camping trips, hut stays and bivouacs.",
        "Sleep soundly on chilly mountain nights and spring camping trips.",
        "Packs down small for backpacking and bikepacking.",
    ],
    "headlamps": [
        "A bright head torch for night hikes, early alpine starts and camp chores.",
        "Lights up the trail on evening runs and lets you read in the tent.",
        "Hands-free light for caving, camping and power cuts.",
        "A reliable beam for dawn starts and late descents.",
    ],
    "water bottles": [
        "Stay hydrated on the trail, at the gym or at your desk.",
        "A leak-proof bottle for hiking, cycling and daily commutes.",
        "Keeps drinks cold all day in summer and hot coffee warm in winter.",
        "Refill it at streams and fountains instead of buying plastic.",
    ],
    "watches": [
        "Tracks your route, pace and elevation on hikes, runs and rides.",
        "A rugged GPS watch that navigates you home when the fog rolls in.",
        "Records heart rate, sleep and training load for every sport.",
        "Breadcrumb navigation and altimeter for mountain adventures.",
    ],
    "cookware": [
        "Boil water fast for coffee and freeze-dried meals at camp.",
        "A compact kitchen for backpacking, picnics and car camping.",
        "Cook a hot dinner at the campsite without carrying much weight.",
        "Nests neatly in your pack for trekking and wild camping.",
    ],
    "trekking poles": [
        "Take the strain off your knees on steep descents.",
        "Extra balance on river crossings, scree and snowy paths.",
        "Adjustable poles for hiking, Nordic walking and trekking holidays.",
        "Helps you keep rhythm on long climbs with a heavy pack.",
    ],
}

WATERPROOF_LINES = {
    "shoes": [
        "The waterproof membrane keeps your feet dry through puddles, bogs and stream crossings.",
        "Fully waterproof, so wet grass and rainy days are no problem.",
        "Stays watertight in heavy rain and on soggy ground.",
        "Sealed seams and a waterproof lining keep the water out.",
    ],
    "other": [
        "Fully waterproof, so a sudden shower is no problem.",
        "Stays watertight in heavy rain.",
        "Water-resistant enough to shrug off a soaking.",
    ],
}
WEAR_LINES = {
    "shoes": ["Runs true to size; choose half a size up if you wear thick socks.",
              "Comfortable straight out of the box with no breaking-in needed."],
    "clothing": ["A regular fit that leaves room for layering.",
                 "A slim, athletic cut that does not flap in the wind."],
}
GENERIC_LINES = [
    "Light on the scales at {weight} g, so you will hardly notice it.",
    "Backed by a {warranty}-year warranty.",
    "Made with {material} for durability and comfort.",
]

MATERIALS = {
    "shoes": ["nubuck leather", "suede and mesh", "recycled mesh", "synthetic mesh"],
    "clothing": ["recycled polyester", "merino wool", "nylon ripstop", "organic cotton",
                 "polyamide stretch"],
    "socks": ["merino wool", "merino blend", "polyester blend"],
    "gear": ["ripstop nylon", "recycled nylon", "polyester"],
    "sleeping": ["duck down", "synthetic fill", "goose down"],
    "bottle": ["stainless steel", "BPA-free copolyester", "TPU"],
    "poles": ["carbon", "aluminium"],
}
CATEGORY_MATERIALS = {
    "hiking boots": ["nubuck leather", "full-grain leather", "suede and mesh", "synthetic mesh"],
    "trail shoes": ["recycled mesh", "synthetic mesh", "engineered knit"],
    "running shoes": ["recycled mesh", "synthetic mesh", "engineered knit"],
    "rain jackets": ["nylon ripstop", "recycled polyester", "recycled nylon"],
    "jackets": ["nylon ripstop", "recycled polyester", "polyamide stretch"],
    "fleece": ["recycled polyester", "polyester grid fleece", "merino wool"],
    "t-shirts": ["merino wool", "organic cotton", "recycled polyester"],
    "headlamps": ["aluminium", "polycarbonate"],
    "watches": ["fibre-reinforced polymer", "titanium", "stainless steel"],
    "cookware": ["titanium", "hard-anodised aluminium", "stainless steel"],
}
WEIGHTS = {"hiking boots": (480, 820), "trail shoes": (240, 340), "running shoes": (220, 320),
           "rain jackets": (180, 520), "jackets": (250, 700), "fleece": (220, 480),
           "t-shirts": (110, 220), "trousers": (280, 520), "socks": (40, 110),
           "backpacks": (450, 2100), "tents": (850, 4800), "sleeping bags": (600, 1900),
           "headlamps": (45, 140), "water bottles": (90, 450), "watches": (45, 90),
           "cookware": (25, 950), "trekking poles": (320, 560)}

# Pinned rows the demo conversation depends on: waterproof hiking boots under 120 EUR,
# some available in size 44 and some not. They are the first products in the file.
PINNED_BOOTS = [
    dict(name="Ridgeline Waterproof Hiking Boot", brand="Torvik", price="109.99", stock=14,
         sizes=list(range(39, 47)), colors=["brown", "grey"], gender="men",
         material="nubuck leather", weight_g=620,
         description="A waterproof leather hiking boot for rocky trails and long days in "
                     "the hills. The membrane keeps your feet dry when the path turns to "
                     "mud or you wade through a stream. Grippy outsole, padded collar."),
    dict(name="Summit Pro WP Boot", brand="Cairnfield", price="119.00", stock=8,
         sizes=list(range(36, 44)), colors=["grey", "teal"], gender="women",
         material="suede and mesh", weight_g=540,
         description="A women's waterproof trekking boot that stays dry in wet meadows and "
                     "spring snow. Light and supportive for hut-to-hut tours."),
    dict(name="Talus Mid Waterproof Hiking Boot", brand="Vellmoor", price="99.95", stock=6,
         sizes=[40, 41, 42, 43, 45, 46], colors=["olive", "black"], gender="men",
         material="synthetic mesh", weight_g=580,
         description="A mid-cut hiker for weekend walks and muddy countryside paths. Watertight "
                     "lining keeps out puddles and drizzle; size 44 is currently sold out."),
    dict(name="Moraine Trek Waterproof Boot", brand="Haldenway", price="114.50", stock=22,
         sizes=list(range(38, 48)), colors=["brown", "navy"], gender="unisex",
         material="full-grain leather", weight_g=710,
         description="A classic leather trekking boot for multi-day backpacking with a "
                     "heavy pack. Fully waterproof, so rainy days and boggy moorland are no "
                     "problem."),
    dict(name="Scree Lite Waterproof Hiker", brand="Skerra", price="89.00", stock=11,
         sizes=list(range(36, 43)), colors=["grey", "plum"], gender="women",
         material="recycled mesh", weight_g=490,
         description="A lightweight waterproof hiking shoe-boot for day hikes and forest "
                     "tracks. Keeps your feet dry on wet grass without feeling heavy."),
    dict(name="Highpass WP Leather Boot", brand="Brisko", price="117.99", stock=0,
         sizes=list(range(41, 47)), colors=["tan"], gender="men",
         material="full-grain leather", weight_g=760,
         description="A rugged waterproof mountain boot for hillwalking and scrambling. "
                     "Sealed seams keep the water out in a downpour."),
]


def plausible(category: str, variant: str, noun: str) -> bool:
    """Reject name combinations a shop would never print (a 65-litre daypack, a family spork)."""
    if category == "backpacks" and variant.isdigit():
        big = int(variant) >= 40
        return big == (noun in ("Trekking Pack", "Backpack")) or noun == "Backpack"
    if category == "cookware" and noun in ("Spork", "Mug"):
        return variant in ("Titanium", "Ultralight", "Solo")
    if category == "sleeping bags" and noun == "Quilt":
        return variant not in ("-5", "Winter")
    return True


def price_range(category: str, name: str, attrs: dict[str, str],
                default: tuple[int, int]) -> tuple[int, int]:
    """Prices that follow the product: a spork costs less than a stove, 65 l more than 18 l."""
    if category == "cookware":
        for noun, span in (("Spork", (6, 15)), ("Mug", (12, 29)), ("Pan", (19, 49)),
                           ("Pot", (19, 59)), ("Stove", (29, 149)), ("Cook Set", (39, 129))):
            if name.endswith(noun):
                return span
    if category == "backpacks":
        litres = int(attrs["capacity_l"])
        return (39, 109) if litres <= 25 else (69, 159) if litres <= 35 else (139, 289)
    if category == "tents":
        persons = int(attrs["persons"])
        return (89, 299) if persons == 1 else (149, 449) if persons == 2 else (249, 649)
    if category == "headlamps":
        return (19, 49) if int(attrs["lumens"]) <= 250 else (39, 119)
    return default


def weight_range(category: str, name: str, attrs: dict[str, str]) -> tuple[int, int]:
    """Weights that follow the product, like prices do."""
    words = name.split()
    if category == "cookware":
        for noun, span in (("Spork", (15, 25)), ("Mug", (60, 140)), ("Pan", (120, 300)),
                           ("Pot", (100, 350)), ("Stove", (70, 400)), ("Cook Set", (300, 900))):
            if name.endswith(noun):
                return span
    if category == "backpacks":
        litres = int(attrs["capacity_l"])
        return 350 + 25 * litres, 600 + 35 * litres
    if category == "tents":
        persons = int(attrs["persons"])
        light = "Ultralight" in words or "UL" in words
        base = 600 + 700 * (persons - 1)
        return (base, base + 500) if light else (base + 400, base + 1400)
    return WEIGHTS[category]


def pick_price(rng: random.Random, lo: int, hi: int) -> Decimal:
    whole = rng.randint(lo, hi)
    cents = rng.choice(["00", "00", "99", "95", "50", "90"])
    if whole >= 100 and cents in ("50", "90"):
        cents = "00"
    return Decimal(f"{whole}.{cents}")


def pick_sizes(rng: random.Random, kind: str, gender: str) -> list[str]:
    if kind == "shoes":
        lo, hi = {"men": (40, 47), "women": (36, 42), "unisex": (37, 46)}[gender]
        sizes = list(range(lo, hi + 1))
        if rng.random() < 0.35:
            sizes.remove(rng.choice(sizes[1:-1]))
        return [str(s) for s in sizes]
    if kind == "clothing":
        lo, hi = {"men": (1, 5), "women": (0, 4), "unisex": (0, 5)}[gender]
        sizes = CLOTHING[lo:hi + 1]
        if rng.random() < 0.25:
            sizes = sizes[:-1]
        return sizes
    if kind == "socks":
        return ["35-38", "39-42", "43-46"] if rng.random() < 0.7 else ["39-42", "43-46"]
    if kind == "sleeping":
        return ["Regular", "Long"] if rng.random() < 0.6 else ["Regular"]
    if kind == "poles":
        return ["100-125 cm", "110-135 cm"] if rng.random() < 0.5 else []
    return []


def attributes_for(rng, category, kind, gender, name, extra_words) -> dict[str, str]:
    material = rng.choice(CATEGORY_MATERIALS.get(category, MATERIALS[kind]))
    if "Down" in name.split():
        material = rng.choice(["duck down", "goose down"])
    elif "Synthetic" in name.split():
        material = "synthetic fill"
    elif "Titanium" in name.split():
        material = "titanium"
    elif "Alu" in name.split():
        material = "hard-anodised aluminium"
    elif "Steel" in name.split():
        material = "stainless steel"
    elif "Merino" in name.split():
        material = "merino wool"
    elif "Leather" in name.split():
        material = rng.choice(["full-grain leather", "nubuck leather"])
    elif "Carbon" in name.split():
        material = "carbon"
    attrs: dict[str, str] = {"material": material}
    attrs["weight_g"] = ""  # keeps the column order; filled in once size facts are known
    if kind in ("shoes", "clothing", "socks"):
        attrs["gender"] = gender
    if category in ("hiking boots", "trail shoes", "backpacks", "trousers"):
        attrs["waterproof"] = "yes" if rng.random() < 0.5 else "no"
    if category in ("rain jackets", "tents"):
        attrs["waterproof"] = "yes"
    if category in ("watches", "headlamps"):
        attrs["waterproof"] = "yes"
    if category == "running shoes":
        attrs["waterproof"] = "no"
        attrs["drop_mm"] = str(rng.choice([4, 6, 8, 10]))
    if kind in ("clothing", "socks"):
        attrs["season"] = rng.choice({"jackets": ["winter"], "t-shirts": ["summer", "all-season"],
                                      "fleece": ["autumn-winter", "3-season"]}.get(
            category, ["all-season", "3-season", "summer", "winter"]))
        if "Winter" in name.split():  # the name says so ("Traverse Winter Softshell
            attrs["season"] = "winter"  # Trousers" was 3-season); drawn first, so the
            # random draws of every other product stay as they were
    if category == "backpacks":
        nums = [w for w in extra_words if w.isdigit()]
        sizes = [40, 45, 50] if "Trekking" in name.split() else [20, 25, 30, 35]
        attrs["capacity_l"] = nums[0] if nums else str(rng.choice(sizes))
    if category == "water bottles":
        attrs["capacity_l"] = rng.choice(["0.5", "0.75", "1.0"])
    if category == "tents":
        nums = [w for w in extra_words if w.isdigit()]
        attrs["persons"] = nums[0] if nums else str(rng.choice([1, 2, 3]))
    if category == "sleeping bags":
        temps = [w for w in extra_words if re.fullmatch(r"-?\d+", w)]
        attrs["comfort_temp_c"] = temps[0] if temps else str(rng.choice([-10, -2, 3, 8]))
        if "Winter" in name.split():  # a winter bag is rated for frost ("Slumber Winter" was
            attrs["comfort_temp_c"] = str(min(int(attrs["comfort_temp_c"]), -5))  # 8 °C)
        temp = int(attrs["comfort_temp_c"])
        attrs["season"] = "winter" if temp <= -2 else "3-season" if temp <= 5 else "summer"
    if category == "headlamps":
        nums = [w for w in extra_words if w.isdigit()]
        attrs["lumens"] = nums[0] if nums else str(rng.choice([250, 400, 600]))
    if category == "watches":
        attrs["battery_h"] = str(rng.choice([20, 30, 40, 60, 90]))
    if category == "jackets":
        down = "Down" in name.split() or "800" in name.split()
        attrs["insulation"] = ("down 800 fill" if "800" in name.split() else
                               rng.choice(["down 700 fill", "down 800 fill"]) if down else
                               rng.choice(["down 700 fill", "synthetic"]))
    lo, hi = weight_range(category, name, attrs)
    attrs["weight_g"] = str(rng.randrange(lo, hi, 5))
    if category not in ("socks", "t-shirts", "water bottles"):
        attrs["warranty_years"] = rng.choice(["2", "2", "3", "5"] if kind in ("gear", "sleeping",
                                                                               "poles")
                                             else ["2", "2", "2", "3"])
    return attrs


def describe(rng, category, kind, attrs) -> str:
    sentences = [rng.choice(USE[category])]
    if attrs.get("waterproof") == "yes" and category not in ("rain jackets", "tents"):
        sentences.append(rng.choice(WATERPROOF_LINES["shoes" if kind == "shoes" else "other"]))
    pool = WEAR_LINES.get(kind, []) + [line for line in GENERIC_LINES
                                       if "warranty" not in line or "warranty_years" in attrs]
    n_extra = rng.choice([0, 1, 1, 2]) - (len(sentences) - 1)
    for line in rng.sample(pool, k=max(0, n_extra)):
        sentences.append(line.format(weight=attrs["weight_g"], warranty=attrs.get("warranty_years"),
                                     material=attrs["material"]))
    return " ".join(sentences[:3])


def format_attrs(attrs: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in attrs.items())


def build_catalog(rng: random.Random) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    names: set[str] = set()
    for p in PINNED_BOOTS:
        attrs = {"material": p["material"], "waterproof": "yes", "weight_g": str(p["weight_g"]),
                 "gender": p["gender"], "season": "all-season", "warranty_years": "2"}
        rows.append(dict(name=p["name"], brand=p["brand"], category="hiking boots",
                         price=p["price"], stock=str(p["stock"]),
                         sizes="|".join(str(s) for s in p["sizes"]), colors="|".join(p["colors"]),
                         attributes=format_attrs(attrs), description=p["description"]))
        names.add(p["name"])
    for category, (count, nouns, models, variants, (lo, hi), palette, kind) in CATEGORIES.items():
        made = len(PINNED_BOOTS) if category == "hiking boots" else 0
        while made < count:
            model, variant, noun = rng.choice(models), rng.choice(variants), rng.choice(nouns)
            name = f"{model} {variant} {noun}"
            if name in names or not plausible(category, variant, noun):
                continue
            gender = rng.choice(["men", "women", "unisex"])
            if kind in ("socks",):
                gender = "unisex" if rng.random() < 0.6 else gender
            attrs = attributes_for(rng, category, kind, gender, name, variant.split())
            price = pick_price(rng, *price_range(category, name, attrs, (lo, hi)))
            if category == "hiking boots" and attrs["waterproof"] == "yes" and price < 120:
                price = pick_price(rng, 124, hi)  # only the pinned rows answer the demo
            colors = rng.sample(palette, k=rng.randint(1, min(3, len(palette))))
            names.add(name)
            made += 1
            rows.append(dict(name=name, brand=rng.choice(BRANDS), category=category,
                             price=f"{price:.2f}", stock="", sizes="|".join(pick_sizes(rng, kind, gender)),
                             colors="|".join(colors), attributes=format_attrs(attrs),
                             description=describe(rng, category, kind, attrs)))
    for i, row in enumerate(rows):
        row["id"] = f"P{1001 + i}"
        row["currency"] = CURRENCY
    free = rows[len(PINNED_BOOTS):]
    n_out = round(0.12 * len(rows)) - sum(1 for p in PINNED_BOOTS if p["stock"] == 0)
    out_ids = {r["id"] for r in rng.sample(free, n_out)}
    for r in free:
        r["stock"] = "0" if r["id"] in out_ids else str(rng.randint(1, 60))
    with_image = {r["id"] for r in rng.sample(rows, len(rows) // 2)}
    for r in rows:
        r["image_url"] = f"https://shop.example/img/{r['id']}.jpg" if r["id"] in with_image else ""
    return [{c: r[c] for c in CATALOG_COLUMNS} for r in rows]


FIRST = ["Lena", "Jonas", "Mia", "Lukas", "Emma", "Felix", "Sofia", "Noah", "Clara", "Elias",
         "Marta", "Tomas", "Ines", "Pablo", "Anouk", "Sven", "Freya", "Mateo", "Yara", "Oskar",
         "Leila", "Aaron", "Nora", "Kai", "Hanna", "Milan", "Ida", "Ravi", "Greta", "Theo"]
LAST = ["Brandt", "Keller", "Novak", "Lindqvist", "Moreau", "Visser", "Rossi", "Okafor",
        "Sorensen", "Kowalski", "Berger", "Marin", "Haas", "Dubois", "Janssen", "Fischer",
        "Almeida", "Weber", "Nyberg", "Costa"]
CARRIERS = ["DHL", "DHL", "UPS", "DPD"]
# status counts in chronological blocks: old orders are settled, recent ones still moving
OLD_BLOCK = ["delivered"] * 26 + ["returned"] * 5 + ["cancelled"] * 4
MOVING_BLOCK = ["shipped"] * 14 + ["out_for_delivery"] * 6 + ["cancelled"]
NEW_BLOCK = ["processing"] * 8
DEMO_ORDER = "10042"


def tracking(rng: random.Random, carrier: str) -> str:
    if carrier == "DHL":
        return "JD01460000" + "".join(rng.choice("0123456789") for _ in range(4))
    if carrier == "UPS":
        return "1Z" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTVWXY") for _ in range(6)) + \
            "".join(rng.choice("0123456789") for _ in range(10))
    return "0" + "".join(rng.choice("0123456789") for _ in range(13))


def build_orders(rng: random.Random, catalog: list[dict[str, str]]) -> list[dict[str, str]]:
    prices = {p["id"]: Decimal(p["price"]) for p in catalog}
    ids = [p["id"] for p in catalog]
    blocks = []
    for block, (start, end) in ((OLD_BLOCK, (TODAY - timedelta(days=75), TODAY - timedelta(days=8))),
                                (MOVING_BLOCK, (TODAY - timedelta(days=6), TODAY - timedelta(days=2))),
                                (NEW_BLOCK, (TODAY - timedelta(days=1), TODAY))):
        statuses = block[:]
        rng.shuffle(statuses)
        span = int((datetime.combine(end, datetime.min.time()) -
                    datetime.combine(start, datetime.min.time())).total_seconds())
        base = datetime.combine(start, datetime.min.time(), tzinfo=timezone.utc)
        stamps = sorted(base + timedelta(seconds=rng.randrange(6 * 3600, span + 9 * 3600))
                        for _ in statuses)
        blocks.extend(zip(stamps, statuses))
    demo_index = int(DEMO_ORDER) - 10001
    if blocks[demo_index][1] != "shipped":  # the demo order must be shipped: swap statuses
        j = next(i for i in range(len(OLD_BLOCK), len(blocks)) if blocks[i][1] == "shipped")
        (ta, sa), (tb, sb) = blocks[demo_index], blocks[j]
        blocks[demo_index], blocks[j] = (ta, sb), (tb, sa)
    orders = []
    for n, (placed, status) in enumerate(blocks):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        lines = []
        for pid in rng.sample(ids, k=rng.choice([1, 1, 1, 2, 2, 3])):
            lines.append((pid, rng.choice([1, 1, 1, 1, 2, 2, 3])))
        if n == demo_index:
            lines = [("P1001", 1), (lines[0][0], 1)]
        total = sum(prices[pid] * qty for pid, qty in lines)
        carrier = tracking_no = eta = ""
        if status in ("shipped", "out_for_delivery", "delivered", "returned"):
            carrier = rng.choice(CARRIERS)
            tracking_no = tracking(rng, carrier)
        if status == "shipped":
            eta = max(TODAY + timedelta(days=1), placed.date() + timedelta(days=rng.choice([4, 5])))
        elif status == "out_for_delivery":
            eta = TODAY
        orders.append(dict(order_id=str(10001 + n), customer=f"{first} {last}",
                           email=f"{first.lower()}.{last.lower()}@example.com", status=status,
                           items="; ".join(f"{pid} x{qty}" for pid, qty in lines),
                           total=f"{total:.2f}", currency=CURRENCY,
                           placed_at=placed.strftime("%Y-%m-%dT%H:%M:%SZ"), carrier=carrier,
                           tracking_number=tracking_no,
                           estimated_delivery=eta.isoformat() if eta else ""))
    return orders


POLICIES = {
    "shipping": {
        "title": "Shipping and delivery",
        "text": "We ship to Germany, Austria, the Netherlands, Belgium and France. Standard "
                "delivery takes 2-4 business days and costs 4.95 EUR; orders of 50.00 EUR or "
                "more ship free. Express delivery arrives in 1-2 business days for 9.95 EUR. "
                "Orders placed before 14:00 CET on a business day leave our warehouse the same "
                "day. Your parcel travels with DHL, UPS or DPD, and we email you the tracking "
                "number as soon as it is on its way.",
        "facts": {"ship_to_countries": ["Germany", "Austria", "Netherlands", "Belgium", "France"],
                  "standard_delivery_days": "2-4", "standard_shipping_fee": "4.95 EUR",
                  "free_shipping_threshold": "50.00 EUR", "express_delivery_days": "1-2",
                  "express_shipping_fee": "9.95 EUR", "same_day_dispatch_cutoff": "14:00 CET",
                  "carriers": ["DHL", "UPS", "DPD"]},
    },
    "returns": {
        "title": "Returns and exchanges",
        "text": "You can return unused items within 30 days of delivery for a full refund. "
                "Start a return by writing to support@shop.example with your order number; "
                "we send you a prepaid return label, so returning is free. Exchanges for "
                "another size or colour are free as well. Footwear must be unworn outdoors and "
                "clothing must still carry its tags; opened socks cannot be returned for "
                "hygiene reasons. Your refund goes back to the original payment method within "
                "5 business days after the parcel reaches us.",
        "facts": {"return_window_days": 30, "return_shipping_cost": "free",
                  "exchange_cost": "free", "refund_days": 5,
                  "how_to_start": "email support@shop.example with the order number",
                  "not_returnable": "opened socks",
                  "condition": "unused; footwear unworn outdoors; clothing with tags"},
    },
    "warranty": {
        "title": "Warranty",
        "text": "Every product comes with a warranty of at least 2 years from the delivery "
                "date. Some products carry a longer manufacturer warranty of up to 5 years; "
                "each product's details show its years of warranty. The warranty covers "
                "defects in materials and workmanship, not normal wear, misuse or accidents. "
                "To make a claim, email photos of the defect and your order number to "
                "support@shop.example; we answer within 2 business days and repair, replace "
                "or refund the item.",
        "facts": {"warranty_years": 2, "max_warranty_years": 5, "claim_response_days": 2,
                  "claim_email": "support@shop.example",
                  "covers": "defects in materials and workmanship",
                  "excludes": "normal wear, misuse, accidents",
                  "remedies": ["repair", "replace", "refund"]},
    },
    "payment": {
        "title": "Payment",
        "text": "We accept Visa, Mastercard, PayPal, Apple Pay, Google Pay and Klarna invoice. "
                "With Klarna invoice you pay within 14 days of delivery. Cards are only "
                "charged when your order ships. All prices are in EUR and include VAT.",
        "facts": {"methods": ["Visa", "Mastercard", "PayPal", "Apple Pay", "Google Pay",
                              "Klarna invoice"],
                  "invoice_due_days": 14, "card_charged": "when the order ships",
                  "currency": "EUR", "prices_include_vat": "yes"},
    },
    "ordering": {
        "title": "How to order",
        "text": "You order in our online shop at shop.example: open the product, choose size "
                "and colour, put it in the basket and go to checkout, where you pay by card, "
                "PayPal, Apple Pay, Google Pay or Klarna invoice. You can order as a guest "
                "or with an account, and there is no minimum order value. This chat cannot "
                "place orders, take payment or hold products for you, but it helps you choose, "
                "and a person from our team helps if the checkout gives you trouble.",
        "facts": {"where": "online shop at shop.example", "guest_checkout": "yes",
                  "pay_at_checkout": ["card", "PayPal", "Apple Pay", "Google Pay",
                                      "Klarna invoice"],
                  "minimum_order_value": "none", "chat_places_orders": "no",
                  "reservations": "no"},
    },
    "contact": {
        "title": "Contact and opening hours",
        "text": "Our support team is available Mon-Fri 9:00-18:00 CET by chat and email. "
                "Write to support@shop.example and we reply within 1 business day. We have no "
                "telephone line, so there is no number to call. This "
                "assistant answers 24/7, and if you ask for a person, a member of staff picks "
                "up your conversation during opening hours. Our postal address is "
                "Musterstrasse 1, 12345 Musterstadt, Germany.",
        "facts": {"hours": "Mon-Fri 9:00-18:00 CET", "email": "support@shop.example",
                  "email_reply_days": 1, "phone": "none", "assistant_availability": "24/7",
                  "postal_address": "Musterstrasse 1, 12345 Musterstadt, Germany"},
    },
}


def yaml_scalar(value) -> str:
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_policies(policies: dict) -> str:
    out = ["# Shop policies for the invented demo shop. Generated by data/build_demo.py.",
           "# Every figure in `text` is also listed in `facts` (the grounding check relies on it)."]
    for topic, p in policies.items():
        out.append(f"{topic}:")
        out.append(f"  title: {yaml_scalar(p['title'])}")
        out.append("  text: >-")
        out.extend("    " + line for line in textwrap.wrap(p["text"], 88))
        out.append("  facts:")
        for k, v in p["facts"].items():
            if isinstance(v, list):
                out.append(f"    {k}: [{', '.join(yaml_scalar(x) for x in v)}]")
            else:
                out.append(f"    {k}: {yaml_scalar(v)}")
    return "\n".join(out) + "\n"


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def validate() -> dict:
    """Re-read the written files and check every promise the README makes."""
    with (OUT / "catalog.csv").open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == CATALOG_COLUMNS, reader.fieldnames
        catalog = list(reader)
    ids = [p["id"] for p in catalog]
    assert len(catalog) >= 320 and len(set(ids)) == len(ids)
    assert len({p["name"] for p in catalog}) == len(catalog), "names must be distinct"
    cats = {p["category"] for p in catalog}
    assert len(cats) >= 12 and 8 <= len({p["brand"] for p in catalog}) <= 10
    for p in catalog:
        assert re.fullmatch(r"P\d{4}", p["id"]) and p["currency"] == CURRENCY
        assert re.fullmatch(r"\d+\.\d\d", p["price"]) and 0 <= int(p["stock"]) <= 60
        assert p["colors"] and all(p["colors"].split("|"))
        assert all("=" in kv for kv in p["attributes"].split("; "))
        n_sent = len(re.findall(r"[.!?](?:\s|$)", p["description"]))
        assert 1 <= n_sent <= 3, p
        assert p["image_url"] in ("", f"https://shop.example/img/{p['id']}.jpg")
        if p["category"] in ("hiking boots", "trail shoes", "running shoes"):
            assert all(36 <= int(s) <= 47 for s in p["sizes"].split("|"))
        if p["category"] in ("rain jackets", "jackets", "fleece", "t-shirts", "trousers"):
            assert set(p["sizes"].split("|")) <= set(CLOTHING)
    out_share = sum(p["stock"] == "0" for p in catalog) / len(catalog)
    img_share = sum(bool(p["image_url"]) for p in catalog) / len(catalog)
    assert 0.10 <= out_share <= 0.14 and 0.45 <= img_share <= 0.55
    demo = [p for p in catalog if p["category"] == "hiking boots" and "waterproof=yes"
            in p["attributes"] and Decimal(p["price"]) < 120]
    assert [p["id"] for p in demo] == [f"P{1001 + i}" for i in range(len(PINNED_BOOTS))]
    assert any("44" in p["sizes"].split("|") and p["stock"] != "0" for p in demo)
    assert any("44" not in p["sizes"].split("|") for p in demo)

    prices = {p["id"]: Decimal(p["price"]) for p in catalog}
    with (OUT / "orders.csv").open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ORDER_COLUMNS, reader.fieldnames
        orders = list(reader)
    order_ids = [o["order_id"] for o in orders]
    assert len(orders) >= 60 and len(set(order_ids)) == len(orders)
    assert order_ids == [str(10001 + i) for i in range(len(orders))]
    for o in orders:
        assert o["status"] in STATUSES and o["currency"] == CURRENCY
        assert o["email"].endswith("@example.com")
        total = Decimal(0)
        for line in o["items"].split("; "):
            pid, qty = re.fullmatch(r"(P\d{4}) x(\d+)", line).groups()
            assert pid in prices, pid
            total += prices[pid] * int(qty)
        assert f"{total:.2f}" == o["total"], o
        placed = datetime.fromisoformat(o["placed_at"])
        assert placed.year == 2026 and placed.date() <= TODAY
        moving = o["status"] in ("shipped", "out_for_delivery", "delivered")
        assert bool(o["carrier"]) == bool(o["tracking_number"])
        assert not moving or o["carrier"] in ("DHL", "UPS", "DPD")
        if o["status"] in ("shipped", "out_for_delivery"):
            assert date.fromisoformat(o["estimated_delivery"]) >= TODAY
        else:
            assert o["estimated_delivery"] == ""
        if o["status"] in ("processing", "cancelled"):
            assert not o["carrier"]
    demo_order = orders[int(DEMO_ORDER) - 10001]
    assert demo_order["status"] == "shipped" and demo_order["tracking_number"]

    for topic, p in POLICIES.items():
        facts_text = " ".join(str(v) for v in p["facts"].values())
        for figure in re.findall(r"\d+(?:[.:/\-]\d+)*", p["text"]):
            assert figure in facts_text, f"{topic}: figure {figure} missing from facts"
    try:
        import yaml
    except ImportError:
        print("note: PyYAML not installed, policies.yaml parse check skipped", file=sys.stderr)
    else:
        loaded = yaml.safe_load((OUT / "policies.yaml").read_text(encoding="utf-8"))
        assert loaded == POLICIES, "policies.yaml does not round-trip"
    return {"catalog": catalog, "orders": orders, "demo_boots": demo}


def main() -> None:
    rng = random.Random(SEED)
    catalog = build_catalog(rng)
    orders = build_orders(rng, catalog)
    write_csv(OUT / "catalog.csv", CATALOG_COLUMNS, catalog)
    write_csv(OUT / "orders.csv", ORDER_COLUMNS, orders)
    (OUT / "policies.yaml").write_text(render_policies(POLICIES), encoding="utf-8")
    checked = validate()
    print(f"catalog.csv: {len(checked['catalog'])} products; orders.csv: "
          f"{len(checked['orders'])} orders; policies.yaml: {len(POLICIES)} topics")
    for p in checked["demo_boots"]:
        print(f"  demo boot {p['id']} {p['name']} {p['price']} stock={p['stock']} sizes={p['sizes']}")


if __name__ == "__main__":
    main()
