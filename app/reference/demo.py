"""Demo marketplace content for `pasar seed`: UMKM owners, creatives and open gigs.

Plain data only; the seed command turns it into rows. Region codes, skill and category slugs
and phone numbers are checked against the reference modules in tests/reference.
All people, businesses, NIBs and phone numbers are invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

DEMO_PASSWORD = "demo-pasar-2026"

BusinessScale = Literal["mikro", "kecil", "menengah"]
Availability = Literal["available", "busy"]
WorkMode = Literal["remote", "onsite", "hybrid"]


@dataclass(frozen=True)
class DemoBusiness:
    name: str
    sector: str
    scale: BusinessScale
    region_code: str
    description: str
    nib: str | None = None


@dataclass(frozen=True)
class DemoOwner:
    email: str
    full_name: str
    phone: str
    business: DemoBusiness


@dataclass(frozen=True)
class DemoPortfolioItem:
    title: str
    url: str
    description: str
    category: str


@dataclass(frozen=True)
class DemoCreative:
    email: str
    full_name: str
    phone: str
    headline: str
    bio: str
    skills: tuple[str, ...]
    categories: tuple[str, ...]
    region_code: str
    rate_min_idr: int
    availability: Availability
    portfolio: tuple[DemoPortfolioItem, ...]


@dataclass(frozen=True)
class DemoGig:
    business_name: str
    title: str
    description: str
    category: str
    skills: tuple[str, ...]
    budget_min_idr: int
    budget_max_idr: int
    deadline_in_days: int
    region_code: str | None
    work_mode: WorkMode


DEMO_OWNERS: tuple[DemoOwner, ...] = (
    DemoOwner(
        email="sari.batik@demo.pasarkreatif.id",
        full_name="Sari Wulandari",
        phone="+6281233001001",
        business=DemoBusiness(
            name="Batik Tulis Sari Kencana",
            sector="Fesyen & Batik",
            scale="kecil",
            region_code="33.26",
            description=(
                "Usaha batik tulis dan cap turun-temurun di Kabupaten Pekalongan dengan 14 "
                "pembatik. Motif jlamprang dan buketan dengan pewarna alam, dijual lewat Shopee, "
                "Instagram, dan reseller di Jakarta."
            ),
            nib="9120301287461",
        ),
    ),
    DemoOwner(
        email="bagus.kopi@demo.pasarkreatif.id",
        full_name="Bagus Prasetyo",
        phone="+6285733001002",
        business=DemoBusiness(
            name="Kopi Lereng Arjuno",
            sector="Kopi & Minuman",
            scale="kecil",
            region_code="35.07",
            description=(
                "Roastery kopi arabika dan robusta dari petani lereng Gunung Arjuno, Kabupaten "
                "Malang. Menjual biji sangrai dan bubuk ke kafe di Malang Raya serta pembeli "
                "online; sedang merintis langganan kopi bulanan."
            ),
            nib="8120015632907",
        ),
    ),
    DemoOwner(
        email="rina.keripik@demo.pasarkreatif.id",
        full_name="Rina Kusumawati",
        phone="+6281333001003",
        business=DemoBusiness(
            name="Keripik Tempe Bu Rina",
            sector="Makanan Ringan",
            scale="mikro",
            region_code="35.73",
            description=(
                "Keripik tempe tipis renyah khas Sanan, Kota Malang, diproduksi di rumah bersama "
                "tiga tetangga. Sudah punya PIRT dan sertifikat halal; selama ini dijual di toko "
                "oleh-oleh dan lewat WhatsApp."
            ),
            nib="0220104567312",
        ),
    ),
    DemoOwner(
        email="tatik.sambal@demo.pasarkreatif.id",
        full_name="Tatik Handayani",
        phone="+6281733001004",
        business=DemoBusiness(
            name="Sambal Bu Tatik",
            sector="Makanan Olahan",
            scale="mikro",
            region_code="35.78",
            description=(
                "Sambal bawang, sambal bajak, dan sambal cumi dalam botol kaca dari dapur rumahan "
                "di Surabaya. Tahan tiga bulan tanpa pengawet; ramai dipesan menjelang Lebaran "
                "dan untuk oleh-oleh."
            ),
        ),
    ),
    DemoOwner(
        email="fadli.gayo@demo.pasarkreatif.id",
        full_name="Teuku Fadli",
        phone="+6285233001005",
        business=DemoBusiness(
            name="Koperasi Kopi Gayo Linge Mandiri",
            sector="Kopi & Minuman",
            scale="menengah",
            region_code="11.04",
            description=(
                "Koperasi 320 petani kopi arabika Gayo di Kabupaten Aceh Tengah dengan sertifikat "
                "organik dan fair trade. Mengekspor green bean ke Amerika Serikat dan Eropa, "
                "kini ingin menjual kopi sangrai dengan merek sendiri."
            ),
            nib="9120007781534",
        ),
    ),
    DemoOwner(
        email="maria.tenun@demo.pasarkreatif.id",
        full_name="Maria Fransiska Moa",
        phone="+6282133001006",
        business=DemoBusiness(
            name="Tenun Ikat Lepo Lorun",
            sector="Kriya & Tenun",
            scale="mikro",
            region_code="53.07",
            description=(
                "Kelompok penenun perempuan di Kabupaten Sikka yang membuat kain tenun ikat "
                "dengan pewarna alam dari akar mengkudu dan tarum. Setiap kain dikerjakan "
                "satu sampai tiga bulan."
            ),
        ),
    ),
    DemoOwner(
        email="rahayu.bakpia@demo.pasarkreatif.id",
        full_name="Rahayu Setyaningsih",
        phone="+6287833001007",
        business=DemoBusiness(
            name="Bakpia Omah Rahayu",
            sector="Makanan Oleh-oleh",
            scale="kecil",
            region_code="34.71",
            description=(
                "Bakpia kacang hijau, keju, dan cokelat yang dipanggang setiap pagi di Kota "
                "Yogyakarta. Melayani wisatawan, pesanan kantor, dan hampers hari raya."
            ),
            nib="8120208845126",
        ),
    ),
    DemoOwner(
        email="ita.rendang@demo.pasarkreatif.id",
        full_name="Yulita Rahmi",
        phone="+6281133001008",
        business=DemoBusiness(
            name="Rendang Uni Ita",
            sector="Makanan Olahan",
            scale="kecil",
            region_code="13.71",
            description=(
                "Rendang daging, rendang paru, dan rendang telur resep keluarga Minang dari Kota "
                "Padang, dikemas vakum agar tahan dikirim ke luar kota dan ke luar negeri."
            ),
            nib="9120412236780",
        ),
    ),
    DemoOwner(
        email="asep.dodol@demo.pasarkreatif.id",
        full_name="Asep Saepudin",
        phone="+6289633001009",
        business=DemoBusiness(
            name="Dodol Garut Domba Emas",
            sector="Makanan Oleh-oleh",
            scale="menengah",
            region_code="32.05",
            description=(
                "Produsen dodol dan chocodot sejak 1989 di Kabupaten Garut dengan 60 karyawan. "
                "Produk tersebar di toko oleh-oleh sepanjang jalur Bandung–Garut dan minimarket."
            ),
            nib="9120102954318",
        ),
    ),
    DemoOwner(
        email="nur.rotan@demo.pasarkreatif.id",
        full_name="Nur Aini",
        phone="+6283833001010",
        business=DemoBusiness(
            name="Tegalwangi Rattan Craft",
            sector="Kerajinan & Furnitur",
            scale="menengah",
            region_code="32.09",
            description=(
                "Perajin kursi, keranjang, dan lampu rotan di sentra rotan Tegalwangi, Kabupaten "
                "Cirebon. Mengirim kontainer ke Belanda dan Australia, ingin mendapat pembeli "
                "langsung tanpa perantara."
            ),
            nib="8120317723459",
        ),
    ),
    DemoOwner(
        email="wayan.perak@demo.pasarkreatif.id",
        full_name="I Wayan Sudarsana",
        phone="+6281933001011",
        business=DemoBusiness(
            name="Perak Celuk Sudarsana",
            sector="Perhiasan & Kriya",
            scale="kecil",
            region_code="51.04",
            description=(
                "Perhiasan perak buatan tangan dari Desa Celuk, Gianyar: cincin, anting, dan "
                "liontin bermotif Bali. Pembeli utama wisatawan dan butik di Ubud."
            ),
        ),
    ),
    DemoOwner(
        email="lina.bika@demo.pasarkreatif.id",
        full_name="Lina Siregar",
        phone="+6288233001012",
        business=DemoBusiness(
            name="Bika Ambon Kak Lina",
            sector="Kue & Roti",
            scale="mikro",
            region_code="12.71",
            description=(
                "Bika ambon pandan, durian, dan original dari dapur di Jalan Mojopahit, Kota "
                "Medan. Baru membuka toko kecil dan ingin menjangkau pembeli oleh-oleh online."
            ),
            nib="0220506671843",
        ),
    ),
)


def _item(handle: str, slug: str, title: str, description: str, category: str) -> DemoPortfolioItem:
    return DemoPortfolioItem(
        title=title,
        url=f"https://portfolio.example/{handle}/{slug}",
        description=description,
        category=category,
    )


DEMO_CREATIVES: tuple[DemoCreative, ...] = (
    DemoCreative(
        email="dimas.kemasan@demo.pasarkreatif.id",
        full_name="Dimas Arya Saputra",
        phone="+6281234501001",
        headline="Desainer kemasan UMKM makanan & minuman — siap cetak, lolos PIRT dan halal",
        bio=(
            "Lulusan DKV ITS, lima tahun mendesain kemasan untuk UMKM kuliner Jawa Timur: keripik, "
            "sambal, kopi, dan frozen food. Saya bantu dari konsep, dieline, sampai file siap "
            "cetak dan koordinasi dengan percetakan di Surabaya."
        ),
        skills=(
            "packaging-design",
            "label-design",
            "pouch-design",
            "dieline-print-prep",
            "adobe-illustrator",
        ),
        categories=("packaging-design", "logo-branding"),
        region_code="35.78",
        rate_min_idr=750_000,
        availability="available",
        portfolio=(
            _item(
                "dimas",
                "kemasan-keripik-singkong",
                "Kemasan keripik singkong Mak Nyus",
                "Standing pouch tiga varian rasa dengan jendela transparan.",
                "packaging-design",
            ),
            _item(
                "dimas",
                "label-sambal-cumi",
                "Label botol sambal cumi",
                "Label melingkar 250 ml dengan informasi gizi dan logo halal.",
                "packaging-design",
            ),
        ),
    ),
    DemoCreative(
        email="nabila.foto@demo.pasarkreatif.id",
        full_name="Nabila Putri Ramadhani",
        phone="+6285612501002",
        headline="Fotografer produk & makanan di Malang — foto katalog marketplace dan menu",
        bio=(
            "Punya studio kecil di Lowokwaru dengan lighting kit lengkap. Biasa memotret makanan, "
            "kopi, dan produk fesyen untuk Shopee, Tokopedia, GoFood, dan Instagram. Harga sudah "
            "termasuk retouch dan file resolusi tinggi."
        ),
        skills=(
            "product-photography",
            "food-photography",
            "flat-lay-photography",
            "photo-retouching",
            "adobe-lightroom",
        ),
        categories=("product-photography",),
        region_code="35.73",
        rate_min_idr=500_000,
        availability="available",
        portfolio=(
            _item(
                "nabila",
                "menu-kafe-kopi",
                "Foto menu Kafe Sudut Kota",
                "24 foto menu kopi dan pastry untuk GoFood dan buku menu.",
                "product-photography",
            ),
            _item(
                "nabila",
                "katalog-hijab",
                "Katalog hijab voal",
                "Foto latar putih dan flat lay untuk 60 SKU marketplace.",
                "product-photography",
            ),
            _item(
                "nabila",
                "oleh-oleh-malang",
                "Oleh-oleh khas Malang",
                "Foto keripik buah dan strudel untuk kampanye Ramadan.",
                "product-photography",
            ),
        ),
    ),
    DemoCreative(
        email="rizky.motion@demo.pasarkreatif.id",
        full_name="Rizky Maulana",
        phone="+6281312501003",
        headline="Video editor & motion graphics untuk Reels, TikTok, dan iklan",
        bio=(
            "Editor video dari Cimahi. Spesialis video pendek yang punya hook kuat di tiga detik "
            "pertama, animasi teks, dan motion graphics sederhana. Bisa pakai CapCut, Premiere, "
            "dan After Effects; revisi dua kali."
        ),
        skills=(
            "short-video-editing",
            "capcut-editing",
            "motion-graphics",
            "animation-2d",
            "subtitling",
        ),
        categories=("video-production",),
        region_code="32.77",
        rate_min_idr=400_000,
        availability="available",
        portfolio=(
            _item(
                "rizky",
                "reels-skincare",
                "Seri Reels produk skincare lokal",
                "Sepuluh Reels 15 detik dengan animasi teks dan subtitle.",
                "video-production",
            ),
            _item(
                "rizky",
                "explainer-koperasi",
                "Video explainer aplikasi koperasi",
                "Animasi 2D 60 detik untuk peluncuran aplikasi simpan pinjam.",
                "video-production",
            ),
        ),
    ),
    DemoCreative(
        email="ayu.sosmed@demo.pasarkreatif.id",
        full_name="Ayu Kartika Sari",
        phone="+6287812501004",
        headline="Social media specialist untuk brand lokal — konten, feed, dan laporan bulanan",
        bio=(
            "Pernah memegang akun Instagram dan TikTok 12 brand fesyen dan kuliner di Jakarta. "
            "Saya menyusun content plan bulanan, mendesain feed di Canva, menulis caption, dan "
            "membalas DM supaya calon pembeli tidak kabur."
        ),
        skills=(
            "social-media-management",
            "content-planning",
            "instagram-feed-design",
            "canva-design",
            "caption-writing",
            "community-management",
        ),
        categories=("social-media-marketing", "copywriting"),
        region_code="31.74",
        rate_min_idr=1_500_000,
        availability="busy",
        portfolio=(
            _item(
                "ayu",
                "feed-brand-kopi",
                "Feed Instagram brand kopi susu",
                "Tiga bulan konten; pengikut naik dari 2 ribu ke 11 ribu.",
                "social-media-marketing",
            ),
        ),
    ),
    DemoCreative(
        email="gede.web@demo.pasarkreatif.id",
        full_name="Gede Putra Adnyana",
        phone="+6281938501005",
        headline="Web developer: landing pages and company sites for Bali and Indonesian brands",
        bio=(
            "Full-stack developer based in Denpasar. I build fast WordPress and custom landing "
            "pages with QRIS and virtual account payments via Midtrans or Xendit, WhatsApp order "
            "buttons and Google Business Profile setup. Bisa komunikasi dalam bahasa Indonesia "
            "maupun Inggris."
        ),
        skills=(
            "landing-page",
            "wordpress",
            "company-website",
            "payment-integration",
            "website-seo",
        ),
        categories=("web-development",),
        region_code="51.71",
        rate_min_idr=2_500_000,
        availability="available",
        portfolio=(
            _item(
                "gede",
                "villa-ubud",
                "Booking site for a villa in Ubud",
                "WordPress site with direct booking and Xendit payments.",
                "web-development",
            ),
            _item(
                "gede",
                "lp-kopi-kintamani",
                "Landing page kopi Kintamani",
                "Halaman langganan kopi dengan pembayaran QRIS.",
                "web-development",
            ),
        ),
    ),
    DemoCreative(
        email="fikri.ads@demo.pasarkreatif.id",
        full_name="Andi Muhammad Fikri",
        phone="+6282188501006",
        headline="Advertiser Meta Ads & TikTok Ads — fokus ROAS untuk UMKM",
        bio=(
            "Advertiser dari Makassar, sudah mengelola belanja iklan lebih dari Rp1,2 miliar "
            "untuk brand fesyen muslim, kuliner, dan skincare. Saya pasang pixel, susun struktur "
            "kampanye, tes materi iklan, dan kirim laporan mingguan yang mudah dibaca."
        ),
        skills=("meta-ads", "tiktok-ads", "shopee-ads", "ads-analytics"),
        categories=("digital-ads",),
        region_code="73.71",
        rate_min_idr=1_500_000,
        availability="available",
        portfolio=(
            _item(
                "fikri",
                "roas-fesyen-muslim",
                "ROAS 4,1 untuk brand gamis",
                "Kampanye Ramadan Meta Ads dengan katalog dinamis.",
                "digital-ads",
            ),
        ),
    ),
    DemoCreative(
        email="laras.ilustrasi@demo.pasarkreatif.id",
        full_name="Laras Ayuningtyas",
        phone="+6289612501007",
        headline="Ilustrator maskot, kemasan, dan motif Nusantara",
        bio=(
            "Ilustrator lepas di Yogyakarta. Senang menggambar maskot yang ramah dan ilustrasi "
            "kemasan bernuansa lokal, dari motif batik sampai jajanan pasar. Alat utama "
            "Procreate dan Illustrator; file akhir vektor."
        ),
        skills=(
            "mascot-illustration",
            "character-design",
            "packaging-illustration",
            "sticker-design",
            "nusantara-motif",
        ),
        categories=("illustration", "packaging-design"),
        region_code="34.71",
        rate_min_idr=800_000,
        availability="available",
        portfolio=(
            _item(
                "laras",
                "maskot-gudeg",
                "Maskot Mbok Gudeg",
                "Maskot dan 12 pose stiker WhatsApp untuk warung gudeg.",
                "illustration",
            ),
            _item(
                "laras",
                "kemasan-jamu",
                "Ilustrasi kemasan jamu gendong",
                "Ilustrasi rempah untuk botol jamu kunyit asam.",
                "illustration",
            ),
        ),
    ),
    DemoCreative(
        email="fajar.logo@demo.pasarkreatif.id",
        full_name="Fajar Nugroho",
        phone="+6281122501008",
        headline="Brand designer: logo, identitas visual, dan brand guideline",
        bio=(
            "Desainer grafis di Bandung dengan pengalaman agensi tujuh tahun. Saya mulai dari "
            "riset singkat tentang usaha dan pembeli, lalu tiga alternatif logo, palet warna, dan "
            "panduan merek yang bisa dipakai percetakan dan admin media sosial."
        ),
        skills=(
            "logo-design",
            "brand-identity",
            "brand-guidelines",
            "logo-redesign",
            "adobe-illustrator",
        ),
        categories=("logo-branding",),
        region_code="32.73",
        rate_min_idr=1_500_000,
        availability="available",
        portfolio=(
            _item(
                "fajar",
                "rebranding-bakso",
                "Rebranding Bakso Mang Ujang",
                "Logo baru, signage, dan seragam untuk enam cabang.",
                "logo-branding",
            ),
            _item(
                "fajar",
                "identitas-batik-cirebon",
                "Identitas visual galeri batik Trusmi",
                "Logo, kartu nama, dan tas belanja.",
                "logo-branding",
            ),
        ),
    ),
    DemoCreative(
        email="citra.copy@demo.pasarkreatif.id",
        full_name="Citra Anggraini",
        phone="+6285712501009",
        headline="Copywriter jualan: deskripsi produk, caption, dan script closing WhatsApp",
        bio=(
            "Mantan admin olshop yang sekarang menulis copy untuk UMKM. Saya paham bahasa "
            "pembeli marketplace, dari judul produk yang mudah dicari sampai template chat "
            "yang bikin orang jadi transfer."
        ),
        skills=(
            "sales-copywriting",
            "product-description-writing",
            "whatsapp-broadcast-copy",
            "ad-copywriting",
            "caption-writing",
        ),
        categories=("copywriting",),
        region_code="34.04",
        rate_min_idr=350_000,
        availability="available",
        portfolio=(
            _item(
                "citra",
                "deskripsi-shopee-madu",
                "Deskripsi 40 produk madu hutan",
                "Judul dan deskripsi Shopee yang menaikkan klik 38%.",
                "copywriting",
            ),
        ),
    ),
    DemoCreative(
        email="yohana.live@demo.pasarkreatif.id",
        full_name="Yohana Siahaan",
        phone="+6281362501010",
        headline="Host live TikTok Shop & Shopee Live — energik, paham closing",
        bio=(
            "Host live streaming di Medan, biasa live dua sampai empat jam untuk produk kuliner "
            "dan fesyen. Saya siapkan rundown, gimmick flash sale, dan bisa datang ke lokasi "
            "atau live dari studio sendiri."
        ),
        skills=("live-selling-host", "live-script", "live-commerce-strategy", "tiktok-shop-setup"),
        categories=("live-selling", "online-store-setup"),
        region_code="12.71",
        rate_min_idr=300_000,
        availability="available",
        portfolio=(
            _item(
                "yohana",
                "live-bolu-meranti",
                "Live jualan bolu gulung",
                "Live tiga jam, 410 pesanan dalam satu sesi 12.12.",
                "live-selling",
            ),
        ),
    ),
    DemoCreative(
        email="kevin.marketplace@demo.pasarkreatif.id",
        full_name="Kevin Tanuwijaya",
        phone="+6288212501011",
        headline="Marketplace specialist Shopee, Tokopedia, TikTok Shop — setup sampai optimasi",
        bio=(
            "Berpengalaman membuka dan merapikan lebih dari 80 toko online. Saya bantu upload "
            "produk, dekorasi toko, atur voucher dan kampanye tanggal kembar. I also translate "
            "product listings into Mandarin for cross-border sellers."
        ),
        skills=(
            "shopee-store-setup",
            "tokopedia-store-setup",
            "tiktok-shop-setup",
            "product-listing",
            "store-decoration",
            "marketplace-optimization",
            "mandarin-translation",
        ),
        categories=("online-store-setup", "translation"),
        region_code="36.71",
        rate_min_idr=1_000_000,
        availability="busy",
        portfolio=(
            _item(
                "kevin",
                "toko-sepatu-cibaduyut",
                "Toko Shopee sepatu Cibaduyut",
                "Setup 120 produk dan dekorasi toko hingga Star Seller.",
                "online-store-setup",
            ),
            _item(
                "kevin",
                "tiktok-shop-kosmetik",
                "TikTok Shop kosmetik lokal",
                "Setup toko dan program afiliasi dengan 60 kreator.",
                "online-store-setup",
            ),
        ),
    ),
    DemoCreative(
        email="siti.writer@demo.pasarkreatif.id",
        full_name="Siti Rahmawati",
        phone="+6283112501012",
        headline="Content writer & English translator for export-ready UMKM",
        bio=(
            "Penulis konten dan penerjemah Indonesia–Inggris dari Kota Batu. I write SEO articles, "
            "company profiles and export catalogues for coffee, spice and craft producers, and "
            "I make sure the English reads naturally to overseas buyers."
        ),
        skills=(
            "seo-writing",
            "blog-writing",
            "company-profile-writing",
            "brand-storytelling",
            "id-en-translation",
            "export-localization",
        ),
        categories=("content-writing", "translation"),
        region_code="35.79",
        rate_min_idr=600_000,
        availability="available",
        portfolio=(
            _item(
                "siti",
                "profil-koperasi-kopi",
                "Company profile koperasi kopi Bondowoso",
                "Profil dwibahasa 16 halaman untuk pameran SIAL Paris.",
                "content-writing",
            ),
            _item(
                "siti",
                "katalog-rempah",
                "Export catalogue for a spice trader",
                "English catalogue of 30 products with HS codes.",
                "translation",
            ),
        ),
    ),
    DemoCreative(
        email="bima.vo@demo.pasarkreatif.id",
        full_name="Bima Aditya",
        phone="+6281575501013",
        headline="Voice-over & jingle: bahasa Indonesia, Jawa, dan Inggris",
        bio=(
            "Pengisi suara dan komposer jingle di Semarang dengan home studio kedap suara. "
            "Biasa mengisi iklan radio, video Reels, dan video profil; bisa logat Jawa Tengahan "
            "maupun Suroboyoan."
        ),
        skills=(
            "voice-over-indonesian",
            "regional-language-voice-over",
            "voice-over-english",
            "jingle-production",
            "audio-editing",
        ),
        categories=("voice-over",),
        region_code="33.74",
        rate_min_idr=450_000,
        availability="available",
        portfolio=(
            _item(
                "bima",
                "jingle-soto",
                "Jingle Soto Pak Man",
                "Jingle 30 detik untuk radio dan TikTok, dipakai tiga tahun.",
                "voice-over",
            ),
        ),
    ),
    DemoCreative(
        email="putri.cetak@demo.pasarkreatif.id",
        full_name="Putri Handayani",
        phone="+6285212501014",
        headline="Desain menu, brosur, spanduk, dan katalog siap cetak",
        bio=(
            "Desainer grafis di Solo yang fokus pada materi cetak untuk warung, kafe, dan toko. "
            "Saya kirim file siap cetak sesuai ukuran percetakan dan bisa bantu pilih bahan."
        ),
        skills=(
            "menu-design",
            "flyer-brochure-design",
            "banner-design",
            "catalog-design",
            "canva-design",
        ),
        categories=("print-design", "social-media-marketing"),
        region_code="33.72",
        rate_min_idr=250_000,
        availability="available",
        portfolio=(
            _item(
                "putri",
                "menu-angkringan",
                "Menu angkringan modern",
                "Buku menu A4 dan menu board untuk angkringan di Solo.",
                "print-design",
            ),
            _item(
                "putri",
                "spanduk-pecel",
                "Spanduk Pecel Madiun Bu Darmi",
                "Spanduk 3×1 m dan X-banner.",
                "print-design",
            ),
        ),
    ),
    DemoCreative(
        email="arif.video@demo.pasarkreatif.id",
        full_name="Arif Hidayatullah",
        phone="+6281266501015",
        headline="Videografer & pilot drone untuk video profil usaha dan produk",
        bio=(
            "Videografer di Padang dengan sertifikat pilot drone. Membuat video profil usaha, "
            "video produk sinematik, dan konten dokumenter tentang proses produksi. Siap "
            "berangkat ke seluruh Sumatera."
        ),
        skills=(
            "product-videography",
            "company-profile-video",
            "drone-videography",
            "video-scriptwriting",
            "short-video-editing",
        ),
        categories=("video-production",),
        region_code="13.71",
        rate_min_idr=2_000_000,
        availability="busy",
        portfolio=(
            _item(
                "arif",
                "profil-songket-pandai-sikek",
                "Video profil songket Pandai Sikek",
                "Video dokumenter empat menit tentang penenun songket.",
                "video-production",
            ),
            _item(
                "arif",
                "drone-kebun-teh",
                "Aerial kebun teh Kayu Aro",
                "Footage drone untuk promosi teh kemasan.",
                "video-production",
            ),
        ),
    ),
)


DEMO_GIGS: tuple[DemoGig, ...] = (
    DemoGig(
        business_name="Batik Tulis Sari Kencana",
        title="Foto katalog 40 kain batik tulis untuk Shopee dan Instagram",
        description=(
            "Kami butuh fotografer untuk memotret 40 kain batik tulis: foto latar putih untuk "
            "marketplace dan foto dengan model untuk Instagram. Lokasi pemotretan di workshop "
            "kami di Kabupaten Pekalongan; model dan properti bisa kami bantu siapkan."
        ),
        category="product-photography",
        skills=("white-background-photography", "lifestyle-photography", "photo-retouching"),
        budget_min_idr=2_500_000,
        budget_max_idr=4_000_000,
        deadline_in_days=21,
        region_code="33.26",
        work_mode="hybrid",
    ),
    DemoGig(
        business_name="Batik Tulis Sari Kencana",
        title="Admin Instagram dan TikTok untuk brand batik (kontrak 3 bulan)",
        description=(
            "Mencari admin sosmed yang bisa membuat content plan, mengunggah 4 konten per minggu, "
            "dan membalas DM. Materi foto dan video dari kami; anggaran di bawah untuk bulan "
            "pertama dan bisa diperpanjang."
        ),
        category="social-media-marketing",
        skills=("social-media-management", "content-planning", "tiktok-content"),
        budget_min_idr=1_500_000,
        budget_max_idr=2_500_000,
        deadline_in_days=30,
        region_code=None,
        work_mode="remote",
    ),
    DemoGig(
        business_name="Kopi Lereng Arjuno",
        title="Desain kemasan standing pouch kopi 200 g, tiga varian",
        description=(
            "Kami ingin kemasan baru untuk kopi arabika, robusta, dan house blend ukuran 200 g. "
            "Harus ada ruang untuk tanggal roasting, catatan rasa, dan logo halal. Mohon kirim "
            "dieline dan file siap cetak untuk percetakan di Malang."
        ),
        category="packaging-design",
        skills=("pouch-design", "label-design", "dieline-print-prep"),
        budget_min_idr=1_500_000,
        budget_max_idr=3_000_000,
        deadline_in_days=14,
        region_code=None,
        work_mode="remote",
    ),
    DemoGig(
        business_name="Kopi Lereng Arjuno",
        title="Landing page langganan kopi bulanan dengan pembayaran QRIS",
        description=(
            "Landing page satu halaman untuk paket langganan kopi: penjelasan paket, testimoni, "
            "dan checkout dengan QRIS atau virtual account. Copy bisa dibantu jika ada."
        ),
        category="web-development",
        skills=("landing-page", "payment-integration", "landing-page-copywriting"),
        budget_min_idr=3_000_000,
        budget_max_idr=5_000_000,
        deadline_in_days=30,
        region_code=None,
        work_mode="remote",
    ),
    DemoGig(
        business_name="Keripik Tempe Bu Rina",
        title="Logo baru dan stiker label keripik tempe",
        description=(
            "Usaha rumahan kami belum punya logo. Butuh logo sederhana yang mudah diingat dan "
            "stiker label untuk plastik kemasan 100 g dan 250 g. Boleh ketemu di Sanan kalau "
            "perlu lihat proses produksi."
        ),
        category="logo-branding",
        skills=("logo-design", "label-design"),
        budget_min_idr=750_000,
        budget_max_idr=1_500_000,
        deadline_in_days=10,
        region_code="35.73",
        work_mode="hybrid",
    ),
    DemoGig(
        business_name="Keripik Tempe Bu Rina",
        title="Buka toko Shopee dan TikTok Shop, upload 15 produk",
        description=(
            "Tolong bukakan toko di Shopee dan TikTok Shop, unggah 15 produk lengkap dengan "
            "deskripsi, atur ongkir, dan ajari kami cara memproses pesanan."
        ),
        category="online-store-setup",
        skills=(
            "shopee-store-setup",
            "tiktok-shop-setup",
            "product-listing",
            "product-description-writing",
        ),
        budget_min_idr=1_000_000,
        budget_max_idr=2_000_000,
        deadline_in_days=7,
        region_code=None,
        work_mode="remote",
    ),
    DemoGig(
        business_name="Sambal Bu Tatik",
        title="Delapan video Reels resep dan proses masak sambal",
        description=(
            "Syuting di dapur kami di Surabaya lalu edit menjadi delapan video Reels/TikTok "
            "30–45 detik: proses ulek, resep singkat, dan ide makan. Naskah bisa disusun bersama."
        ),
        category="video-production",
        skills=("product-videography", "short-video-editing", "video-scriptwriting"),
        budget_min_idr=2_000_000,
        budget_max_idr=3_500_000,
        deadline_in_days=21,
        region_code="35.78",
        work_mode="onsite",
    ),
    DemoGig(
        business_name="Sambal Bu Tatik",
        title="Kelola iklan Meta dan TikTok untuk sambal botol, target ROAS 3",
        description=(
            "Kami ingin mulai iklan berbayar dengan anggaran iklan Rp100 ribu per hari. Butuh "
            "bantuan pasang pixel, membuat kampanye, dan laporan mingguan selama sebulan."
        ),
        category="digital-ads",
        skills=("meta-ads", "tiktok-ads", "ads-analytics"),
        budget_min_idr=1_500_000,
        budget_max_idr=3_000_000,
        deadline_in_days=30,
        region_code=None,
        work_mode="remote",
    ),
    DemoGig(
        business_name="Koperasi Kopi Gayo Linge Mandiri",
        title="English product descriptions and export catalogue for Gayo coffee",
        description=(
            "We are a cooperative of 320 arabica farmers in Central Aceh launching our own "
            "roasted coffee brand. We need English product descriptions for 12 lots (origin, "
            "process, tasting notes) and a 10-page PDF catalogue for buyers in the US and Europe."
        ),
        category="translation",
        skills=("id-en-translation", "export-localization", "catalog-design"),
        budget_min_idr=2_000_000,
        budget_max_idr=4_000_000,
        deadline_in_days=20,
        region_code=None,
        work_mode="remote",
    ),
    DemoGig(
        business_name="Koperasi Kopi Gayo Linge Mandiri",
        title="Video profil koperasi dan kebun kopi Gayo dengan drone",
        description=(
            "Video profil 3 menit tentang petani, kebun, dan proses pascapanen untuk pameran "
            "dagang dan situs web. Pengambilan gambar di Takengon saat musim panen; transportasi "
            "lokal dan penginapan kami tanggung."
        ),
        category="video-production",
        skills=("company-profile-video", "drone-videography", "video-scriptwriting"),
        budget_min_idr=4_000_000,
        budget_max_idr=7_500_000,
        deadline_in_days=45,
        region_code="11.04",
        work_mode="onsite",
    ),
    DemoGig(
        business_name="Tenun Ikat Lepo Lorun",
        title="Cerita merek dan deskripsi produk untuk tenun ikat Sikka",
        description=(
            "Kami ingin menceritakan proses menenun dan makna motif kain kami untuk Instagram dan "
            "toko online, dalam bahasa Indonesia dan Inggris. Wawancara bisa lewat WhatsApp."
        ),
        category="content-writing",
        skills=("brand-storytelling", "product-description-writing", "id-en-translation"),
        budget_min_idr=750_000,
        budget_max_idr=1_500_000,
        deadline_in_days=14,
        region_code=None,
        work_mode="remote",
    ),
    DemoGig(
        business_name="Bakpia Omah Rahayu",
        title="Desain hampers Lebaran bakpia, box dua ukuran",
        description=(
            "Desain box hampers isi 2 dan isi 4 kotak bakpia dengan nuansa Lebaran yang tetap "
            "khas Jogja. Mohon sertakan mockup 3D untuk promosi pre-order."
        ),
        category="packaging-design",
        skills=("hampers-design", "packaging-mockup", "dieline-print-prep"),
        budget_min_idr=1_500_000,
        budget_max_idr=2_500_000,
        deadline_in_days=25,
        region_code=None,
        work_mode="remote",
    ),
    DemoGig(
        business_name="Bakpia Omah Rahayu",
        title="Host live TikTok Shop tiga kali seminggu selama sebulan",
        description=(
            "Mencari host live yang luwes dan paham jualan oleh-oleh. Live dari toko kami di "
            "Kota Yogyakarta, dua jam per sesi, termasuk menyusun rundown dan gimmick promo."
        ),
        category="live-selling",
        skills=("live-selling-host", "live-script"),
        budget_min_idr=2_000_000,
        budget_max_idr=3_500_000,
        deadline_in_days=14,
        region_code="34.71",
        work_mode="onsite",
    ),
    DemoGig(
        business_name="Rendang Uni Ita",
        title="Foto makanan rendang untuk GoFood dan Instagram",
        description=(
            "Butuh 20 foto menu dan 10 foto flat lay rendang kemasan vakum. Pemotretan di "
            "dapur kami di Padang; kami siapkan semua masakan."
        ),
        category="product-photography",
        skills=("food-photography", "flat-lay-photography"),
        budget_min_idr=1_000_000,
        budget_max_idr=2_000_000,
        deadline_in_days=10,
        region_code="13.71",
        work_mode="onsite",
    ),
    DemoGig(
        business_name="Rendang Uni Ita",
        title="Arabic and English labels for rendang exports",
        description=(
            "We are preparing our first shipments of vacuum-packed rendang to Malaysia and Saudi "
            "Arabia. We need our label text (ingredients, storage, halal statement) translated "
            "into English and Arabic and laid out on the existing label design."
        ),
        category="translation",
        skills=("arabic-translation", "id-en-translation", "label-design"),
        budget_min_idr=1_500_000,
        budget_max_idr=3_000_000,
        deadline_in_days=21,
        region_code=None,
        work_mode="remote",
    ),
    DemoGig(
        business_name="Dodol Garut Domba Emas",
        title="Redesain logo dan brand guideline dodol Garut",
        description=(
            "Logo kami dibuat tahun 1989 dan sulit dibaca di kemasan kecil. Kami ingin logo yang "
            "lebih modern tanpa kehilangan ciri domba Garut, plus panduan merek untuk tim "
            "pemasaran dan percetakan."
        ),
        category="logo-branding",
        skills=("logo-redesign", "brand-guidelines", "brand-identity"),
        budget_min_idr=3_000_000,
        budget_max_idr=6_000_000,
        deadline_in_days=30,
        region_code=None,
        work_mode="remote",
    ),
    DemoGig(
        business_name="Dodol Garut Domba Emas",
        title="Ilustrasi maskot domba Garut untuk kemasan dan stiker",
        description=(
            "Maskot domba Garut yang lucu untuk kemasan chocodot seri anak, lengkap dengan enam "
            "pose dan satu set stiker WhatsApp untuk promosi."
        ),
        category="illustration",
        skills=("mascot-illustration", "packaging-illustration", "sticker-design"),
        budget_min_idr=1_500_000,
        budget_max_idr=3_000_000,
        deadline_in_days=21,
        region_code=None,
        work_mode="remote",
    ),
    DemoGig(
        business_name="Tegalwangi Rattan Craft",
        title="Export catalogue website for handmade rattan furniture",
        description=(
            "We need a WordPress catalogue site in English for 50 rattan products with an "
            "inquiry form and WhatsApp button, optimised so buyers in Europe and Australia can "
            "find us on Google. Product photos are ready."
        ),
        category="web-development",
        skills=("company-website", "wordpress", "website-seo"),
        budget_min_idr=4_000_000,
        budget_max_idr=7_500_000,
        deadline_in_days=45,
        region_code=None,
        work_mode="remote",
    ),
    DemoGig(
        business_name="Perak Celuk Sudarsana",
        title="Foto dan video produk perhiasan perak untuk Instagram",
        description=(
            "Foto makro 30 perhiasan perak dan lima video pendek proses pembuatan di bengkel "
            "kami di Celuk. Hasil harus menonjolkan detail ukiran."
        ),
        category="product-photography",
        skills=("product-photography", "photo-retouching", "product-videography"),
        budget_min_idr=2_000_000,
        budget_max_idr=3_500_000,
        deadline_in_days=14,
        region_code="51.04",
        work_mode="hybrid",
    ),
    DemoGig(
        business_name="Bika Ambon Kak Lina",
        title="Desain menu, brosur, dan spanduk toko bika ambon",
        description=(
            "Toko baru kami butuh daftar menu dinding, brosur A5 untuk dibagikan, dan spanduk "
            "3×1 m. Warna mengikuti logo yang sudah ada."
        ),
        category="print-design",
        skills=("menu-design", "flyer-brochure-design", "banner-design"),
        budget_min_idr=750_000,
        budget_max_idr=1_500_000,
        deadline_in_days=7,
        region_code=None,
        work_mode="remote",
    ),
    DemoGig(
        business_name="Bika Ambon Kak Lina",
        title="Jingle dan voice-over iklan bika ambon untuk Reels",
        description=(
            "Jingle 15–30 detik yang ceria dan mudah diingat, plus voice-over bahasa Indonesia "
            "berlogat Medan untuk tiga video Reels."
        ),
        category="voice-over",
        skills=("jingle-production", "voice-over-indonesian"),
        budget_min_idr=1_500_000,
        budget_max_idr=3_000_000,
        deadline_in_days=21,
        region_code=None,
        work_mode="remote",
    ),
)
