"""Words the generated marketplace is written in: people, UMKM products, sales channels.

Invented names only; products and channels are the ones small Indonesian businesses actually
sell and sell through, so full-text search and trigram similarity see realistic text.
"""

from __future__ import annotations

from dataclasses import dataclass

FIRST_NAMES: tuple[str, ...] = (
    "Adi", "Agus", "Ahmad", "Aisyah", "Andi", "Anisa", "Arief", "Ayu", "Bagus", "Bayu",
    "Budi", "Cahya", "Citra", "Dedi", "Desi", "Dewi", "Dian", "Dimas", "Eka", "Endah",
    "Fajar", "Fitri", "Gilang", "Hana", "Hendra", "Indah", "Intan", "Irfan", "Joko", "Kartika",
    "Lestari", "Made", "Maya", "Nur", "Nyoman", "Oki", "Putra", "Putri", "Rahmat", "Rani",
    "Reza", "Rina", "Rizky", "Sari", "Siti", "Sinta", "Taufik", "Tri", "Utami", "Wahyu",
    "Wayan", "Wulan", "Yoga", "Yusuf", "Zahra", "Ketut", "Butet", "Ucok", "Daeng", "Asep",
)  # fmt: skip

LAST_NAMES: tuple[str, ...] = (
    "Pratama", "Saputra", "Wijaya", "Kusuma", "Santoso", "Hidayat", "Nugroho", "Siregar",
    "Nasution", "Lubis", "Simanjuntak", "Harahap", "Wibowo", "Setiawan", "Permana", "Gunawan",
    "Rahayu", "Lestari", "Susanto", "Kurniawan", "Firmansyah", "Ramadhan", "Hakim", "Syahputra",
    "Purnama", "Wulandari", "Handayani", "Anggraini", "Prasetyo", "Hartono", "Sukmawati",
    "Mahendra", "Pangestu", "Tanjung", "Sinaga", "Manurung", "Pardede", "Tambunan", "Sitompul",
    "Mokoginta", "Pakaya", "Rumbewas", "Latuconsina", "Mandagi", "Sembiring", "Ginting",
    "Tarigan", "Daulay", "Batubara", "Suryadi", "Suharto", "Widodo", "Yulianti", "Astuti",
)  # fmt: skip

STUDIO_WORDS: tuple[str, ...] = (
    "Kriya", "Rupa", "Cahaya", "Sinar", "Nusantara", "Lentera", "Warna", "Garis", "Titik",
    "Ruang", "Pena", "Lensa", "Kanvas", "Senja", "Pelangi", "Arunika", "Swara", "Bumi",
)  # fmt: skip

HONORIFICS: tuple[str, ...] = ("Bu", "Pak", "Mbak", "Mas", "Cik", "Uda", "Teh", "Kang")


@dataclass(frozen=True)
class Product:
    name_id: str  # "keripik tempe"
    name_en: str  # "tempeh chips"
    sector: str  # the business sector it implies


PRODUCTS: tuple[Product, ...] = (
    Product("sambal bawang", "chilli garlic sambal", "Makanan & Minuman"),
    Product("sambal roa", "smoked fish sambal", "Makanan & Minuman"),
    Product("sambal pecel", "peanut pecel sauce", "Makanan & Minuman"),
    Product("rendang kemasan", "packaged rendang", "Makanan & Minuman"),
    Product("abon sapi", "beef floss", "Makanan & Minuman"),
    Product("frozen food dimsum", "frozen dim sum", "Makanan Beku"),
    Product("keripik tempe", "tempeh chips", "Makanan Ringan"),
    Product("keripik singkong balado", "spicy cassava chips", "Makanan Ringan"),
    Product("keripik pisang", "banana chips", "Makanan Ringan"),
    Product("kerupuk udang", "prawn crackers", "Makanan Ringan"),
    Product("emping melinjo", "melinjo crackers", "Makanan Ringan"),
    Product("kue kering lebaran", "Eid cookies", "Kue & Roti"),
    Product("bakpia", "bakpia pastries", "Kue & Roti"),
    Product("brownies panggang", "baked brownies", "Kue & Roti"),
    Product("dodol", "dodol sweets", "Oleh-oleh"),
    Product("kopi arabika Gayo", "Gayo arabica coffee", "Kopi & Minuman"),
    Product("kopi robusta", "robusta coffee", "Kopi & Minuman"),
    Product("kopi susu literan", "bottled iced coffee", "Kopi & Minuman"),
    Product("teh melati", "jasmine tea", "Kopi & Minuman"),
    Product("gula aren", "palm sugar", "Pertanian Olahan"),
    Product("madu hutan", "wild forest honey", "Herbal & Kesehatan"),
    Product("jamu kunyit asam", "turmeric tamarind jamu", "Herbal & Kesehatan"),
    Product("minyak kayu putih", "cajeput oil", "Herbal & Kesehatan"),
    Product("sabun herbal", "herbal soap", "Kecantikan & Perawatan"),
    Product("skincare lokal", "local skincare", "Kecantikan & Perawatan"),
    Product("batik tulis", "hand-drawn batik", "Fesyen & Batik"),
    Product("batik cap", "stamped batik", "Fesyen & Batik"),
    Product("tenun ikat", "ikat weaving", "Kerajinan & Tekstil"),
    Product("songket", "songket cloth", "Kerajinan & Tekstil"),
    Product("hijab voal", "voile hijab", "Fesyen Muslim"),
    Product("gamis", "gamis dresses", "Fesyen Muslim"),
    Product("kaos sablon", "screen-printed T-shirts", "Fesyen"),
    Product("sepatu kulit", "leather shoes", "Fesyen"),
    Product("tas anyaman pandan", "woven pandan bags", "Kerajinan"),
    Product("kerajinan rotan", "rattan crafts", "Kerajinan"),
    Product("gerabah", "earthenware pottery", "Kerajinan"),
    Product("perak", "silverware", "Kerajinan"),
    Product("cokelat artisan", "artisan chocolate", "Makanan & Minuman"),
    Product("ikan asin", "salted fish", "Perikanan Olahan"),
    Product("tanaman hias", "ornamental plants", "Pertanian"),
)

CHANNELS_ID: tuple[str, ...] = (
    "Shopee", "Tokopedia", "TikTok Shop", "Instagram", "WhatsApp Business", "Lazada",
    "reseller", "toko oleh-oleh", "pameran UMKM", "GrabFood", "GoFood",
)  # fmt: skip

BRAND_WORDS: tuple[str, ...] = (
    "Sari", "Rasa", "Sumber", "Mekar", "Jaya", "Lestari", "Makmur", "Berkah", "Asli", "Mandiri",
    "Sejahtera", "Nikmat", "Kencana", "Arum", "Wangi", "Lereng", "Tunas", "Cahaya", "Dapur",
)  # fmt: skip

WORK_HOURS_ID: tuple[str, ...] = ("hari kerja", "akhir pekan", "jam kantor", "waktu fleksibel")
