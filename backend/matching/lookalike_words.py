"""The words the lookalike detector (lookalike.py) judges domain labels by: data, kept
apart so that adding a word is a one-line change reviewed on its own."""

# Words that shop domains wrap around a brand name. Kept deliberately plain:
# every word here is one a fake shop would use and a real unrelated word rarely
# is made of.
SHOP_WORDS = frozenset("""
the my your our go get buy best top hot new cheap cheapest low discount discounts deal deals
sale sales sell seller clearance outlet outlets store stores shop shops shopping online official
offical authentic original genuine real replica replicas rep reps fake copy mall market world
global direct factory wholesale warehouse club zone center centre hub house boutique express
luxury fashion style styles trend brand brands super mega plus pro max vip mart depot city land
us usa uk au ca de fr it es nl eu jp cn kr br mx in ie nz ch at be se dk no fi pl ru
shoe shoes sneaker sneakers trainer trainers boot boots sandals slides bag bags handbag handbags
purse purses wallet wallets watch watches clock jewelry jewellery jewel jewels ring rings necklace
bracelet bracelets earrings belt belts scarf scarves sunglass sunglasses glasses eyewear
jacket jackets coat coats hoodie hoodies shirt shirts tee tees jersey jerseys wear apparel
clothing clothes kids women men mens womens girls boys baby sport sports fitness gym run running
air max jordan headphones earbuds earphones phone phones case cases tech gadgets perfume beauty
cosmetics makeup lips gift gifts 2u4u for co inc ltd llc group net web site pk vn ph my sg hk tw
""".split())

# Brand names that are also everyday words or names (coach-hire, apple-farm,
# myhermes parcels): these count only next to an unmistakable shop word.
COMMON_WORD_TOKENS = frozenset("""
coach vans puma supreme guess converse beats stanley pandora fossil crocs mac apple omega
hermes celine tiffany peloton swatch trx bose sony champion diesel kenzo bottega montblanc
""".split())
# Words that say a site is about a brand, not selling it (birkenstock-repair, dyson-sphere,
# fendi-fans): a label with one of them is no lookalike shop, whatever else it holds.
NOT_SHOP_WORDS = frozenset("""
repair repairs recovery service services fan fans wiki news blog forum museum hotel hotels
tunnel street road sphere school academy college university optik optics foundation award
awards history collectors owners community magazine review reviews jobs careers clinic
dental law legal consulting travel tours tour guide guides ski
""".split())
SHOP_SIGNALS = ("outlet", "sale", "replica", "reps", "cheap", "discount", "official", "offical",
                "store", "shop", "clearance", "factory", "wholesale", "fake", "copy")

# Words a brand's own sites put next to its name: regions and product lines.
NEUTRAL_WORDS = frozenset("""
us usa uk au ca de fr it es nl eu jp cn kr br mx in ie nz ch at be se dk no fi pl ru sg hk tw
my ph vn pk pro beauty group inc corp co ltd llc golf kids home
""".split())
# Top-level domains that fake shops favour; a bare brand name under one is a lookalike.
THROWAWAY_TLDS = frozenset("""
shop store top xyz online site club vip buzz icu sale outlet cc live fun best bid win
""".split())
# Shop-builder platforms whose every subdomain is somebody's shop (rolex.myshopify.com):
# the brand does not sell there, so its bare name there is as suspect as under .shop.
SHOP_PLATFORM_SUFFIXES = frozenset("""
myshopify.com wixsite.com bigcartel.com square.site storenvy.com mybigcommerce.com
company.site business.site ecwid.com
""".split())

# Digits and signs that stand in for letters. Tried as alternatives (1 may be l or i,
# or just 1), never substituted blindly: only a spelling the swap completes counts.
DIGIT_LETTERS = {"0": "o", "1": "li", "3": "e", "4": "a", "5": "s", "6": "bg", "7": "t",
                 "8": "b", "9": "g", "$": "s", "@": "a"}

# Ordinary words one typo away from a brand name (casino/Casio, channel/Chanel): never typos.
TYPO_LOOKALIKE_WORDS = frozenset("""
role roles rolled molex casino cassio caso tyson prado prana fend fends fendt fender channel
chapel chantel carter carrier patel pate paten valentin valentina valentine valentinos bulgaria
samsun shock
""".split())
