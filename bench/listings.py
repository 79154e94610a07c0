"""Listing rows with realistic, overlapping titles, in the list file format `import` reads.

    write_listings(path, rows)   # bench/goals.py builds its database from this

A title is a brand, one to three common words (a Zipf-like head: "new", "men",
"black", ...), a product and two to five words from a long tail (colours, sizes,
materials, model numbers), so most titles share several words with thousands of
others and few are identical. One row in six is a relist: a near-copy of an
earlier title (one word changed or added) under a new id.
"""

import csv
import random
from pathlib import Path

import bench_import

COMMON = ("new men women black original genuine quality premium luxury white 2024 style "
          "fashion classic sale hot gift brown red blue size unisex authentic official "
          "limited edition best cheap free shipping top").split()
PRODUCTS = ("watch sneakers running-shoes handbag wallet belt sunglasses perfume hoodie jacket "
            "cap earbuds charger phone-case t-shirt jeans backpack bracelet necklace ring scarf "
            "boots sandals dress shirt tote clutch headphones speaker smartwatch tracksuit "
            "socks gloves beanie shorts polo sweater coat purse keychain").replace("-", " ").split()
TAIL = ("leather canvas suede steel gold silver rose titanium ceramic cotton wool silk denim "
        "mesh nylon waterproof polarized wireless bluetooth automatic quartz chronograph slim "
        "large small medium xl xxl 38 40 42 44 46 kids girls boys retro vintage sport casual "
        "travel outdoor summer winter spring green pink grey navy beige khaki purple").split()
BRANDS = bench_import.BRANDS + ["Hermes", "Burberry", "Dior", "Cartier", "Omega", "Balenciaga",
                                "Versace", "Fendi", "Beats", "Bose", "Puma", "Under Armour",
                                "New Balance", "Converse", "Oakley", "Tiffany", "Pandora",
                                "Moncler", "Canada Goose", "Supreme"]


def realistic_title(rng: random.Random) -> tuple[str, str]:
    """(brand, title): the brand, one to three common words, a product, two to five others."""
    brand = rng.choice(BRANDS)
    words = [brand]
    words += [COMMON[min(int(rng.paretovariate(1.2)) - 1, len(COMMON) - 1)]
              for _ in range(rng.randint(1, 3))]
    words.append(rng.choice(PRODUCTS))
    words += [rng.choice(TAIL) if rng.random() < 0.7
              else f"{rng.choice('ABKMSTXZ')}{rng.randint(100, 9999)}"
              for _ in range(rng.randint(2, 5))]
    return brand, " ".join(words)


def relisted_title(rng: random.Random, brand: str, title: str) -> str:
    """A near-copy of title, as a relist under a new id looks: one word changed or added."""
    words = title.split()
    position = rng.randrange(len(brand.split()), len(words))
    if rng.random() < 0.5:
        words[position] = rng.choice(TAIL)
    else:
        words.insert(position, rng.choice(COMMON))
    return " ".join(words)


def write_listings(path: Path, rows: int, seed: int = 9) -> None:
    """A list file of rows counterfeit listings (bench_import's columns and keys)."""
    rng = random.Random(seed)
    recent: list[tuple[str, str]] = []  # titles a relist may copy
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(bench_import.FIELDS)
        for number in range(rows):
            if recent and rng.random() < 1 / 6:
                brand, original = rng.choice(recent)
                title = relisted_title(rng, brand, original)
            else:
                brand, title = realistic_title(rng)
                if len(recent) < 1000:
                    recent.append((brand, title))
                else:
                    recent[rng.randrange(1000)] = (brand, title)
            marketplace = bench_import.MARKETPLACES[number % 10]
            writer.writerow((
                "listing", marketplace, bench_import.listing_key(marketplace, number),
                "counterfeit", "", title, brand, f"https://evidence.example.org/case/{number}",
                "", "bench", "test_purchase",
            ))
