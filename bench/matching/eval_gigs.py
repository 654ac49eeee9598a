"""The evaluation gigs: 51 briefs written for this purpose, as UMKM owners write them.

Each gig says what the owner tagged (`tagged`: sometimes nothing, sometimes only part of the
need) and, separately, what the work truly needs (`needs`): the judge's view, never shown to
the ranking. 35 Indonesian and 16 English briefs; remote, hybrid and on-site work in 12
provinces; budgets as owners set them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EvalGig:
    key: str
    language: str
    category: str
    tagged: tuple[str, ...]
    needs: tuple[str, ...]
    budget: tuple[int, int]
    work_mode: str
    region: str | None
    title: str
    description: str


def _gig(
    key: str,
    language: str,
    category: str,
    tagged: tuple[str, ...],
    needs: tuple[str, ...],
    budget: tuple[int, int],
    work_mode: str,
    region: str | None,
    title: str,
    description: str,
) -> EvalGig:
    return EvalGig(key, language, category, tagged, needs, budget, work_mode, region, title,
                   description)  # fmt: skip


# fmt: off
EVAL_GIGS: tuple[EvalGig, ...] = (
    # packaging-design
    _gig("pouch-keripik-sby", "id", "packaging-design", ("pouch-design", "label-design"),
         ("pouch-design", "label-design"), (750_000, 1_500_000), "hybrid", "35.78",
         "Desain kemasan standing pouch keripik tempe",
         "Kami butuh desain kemasan standing pouch untuk keripik tempe pedas 150 gram, lengkap "
         "dengan label halal dan PIRT. File siap cetak, bisa diskusi langsung di Surabaya."),
    _gig("batik-box-pekalongan", "id", "packaging-design", (),
         ("packaging-design", "hampers-design"), (1_500_000, 3_000_000), "hybrid", "33.26",
         "Kotak kemasan batik tulis untuk oleh-oleh",
         "Usaha batik tulis kami di Pekalongan butuh desain dus kemasan eksklusif untuk kain "
         "batik, cocok untuk hampers dan oleh-oleh. Motif khas Pekalongan ingin ditonjolkan."),
    _gig("coffee-label-en", "en", "packaging-design", ("label-design",),
         ("label-design", "dieline-print-prep"), (1_000_000, 2_000_000), "remote", "34.71",
         "Label design for single-origin coffee bags",
         "We roast Gayo and Kintamani coffee in Yogyakarta and need a label system for 250 g "
         "kraft bags: one template, four origin variants, print-ready CMYK files with dieline."),
    _gig("hampers-lebaran", "id", "packaging-design", ("hampers-design",), ("hampers-design",),
         (2_000_000, 4_000_000), "remote", None,
         "Desain hampers lebaran untuk kue kering",
         "Butuh desain kemasan hampers lebaran untuk kue nastar dan kastengel: box, sleeve, dan "
         "kartu ucapan. Pengemasan harus terlihat premium tapi tetap hemat biaya cetak."),
    _gig("sambal-bottle-label", "id", "packaging-design", ("label-design",), ("label-design",),
         (500_000, 1_000_000), "remote", "71.71",
         "Label botol sambal roa",
         "Kami produksi sambal roa di Manado, perlu desain label botol kaca 200 ml yang menarik, "
         "ada informasi komposisi, tanggal kedaluwarsa, dan logo halal."),
    _gig("mockup-skincare-en", "en", "packaging-design", ("packaging-mockup",),
         ("packaging-mockup",), (800_000, 1_500_000), "remote", None,
         "3D packaging mockups for a skincare launch",
         "Need realistic 3D mockup renders of our serum box and bottle for the Shopee and "
         "Instagram launch visuals. The packaging artwork itself is final."),
    # logo-branding and illustration
    _gig("logo-kopi-malang", "id", "logo-branding", ("logo-design",),
         ("logo-design", "brand-identity"), (1_000_000, 2_500_000), "remote", "35.73",
         "Logo dan identitas kedai kopi",
         "Kedai kopi kecil di Malang butuh logo baru, palet warna, dan aturan pemakaian logo "
         "untuk cup, papan nama, dan Instagram."),
    _gig("rebrand-bakery-en", "en", "logo-branding", ("logo-redesign", "brand-guidelines"),
         ("logo-redesign", "brand-guidelines"), (3_000_000, 6_000_000), "remote", "12.71",
         "Rebranding for a 20-year-old bakery",
         "Our family bakery in Medan is refreshing its logo. We need a redesign that keeps "
         "people recognising us, plus a short brand guideline with colours, fonts and usage."),
    _gig("nama-brand-skincare", "id", "logo-branding", ("brand-naming",), ("brand-naming",),
         (500_000, 1_500_000), "remote", None,
         "Bikin nama brand dan tagline skincare lokal",
         "Kami mau meluncurkan skincare lokal berbahan kelor. Butuh ide nama merek, tagline, dan "
         "pengecekan ketersediaan nama di marketplace."),
    _gig("maskot-bakso", "id", "illustration", ("mascot-illustration",),
         ("mascot-illustration", "character-design"), (1_000_000, 2_000_000), "remote", "32.73",
         "Maskot lucu untuk warung bakso",
         "Butuh maskot karakter kartun untuk warung bakso kami di Bandung, akan dipakai di "
         "spanduk, stiker, dan kemasan bawa pulang."),
    _gig("motif-batik-digital", "id", "illustration", (), ("nusantara-motif",),
         (1_500_000, 3_000_000), "remote", "33.75",
         "Pola batik digital untuk kain print",
         "Kami butuh 6 desain motif batik kontemporer dalam format vektor untuk dicetak di kain "
         "dan tote bag; ornamen tradisional pesisiran boleh dipadukan dengan gaya modern."),
    # product-photography
    _gig("foto-batik-model", "id", "product-photography", ("lifestyle-photography",),
         ("lifestyle-photography",), (2_000_000, 4_000_000), "onsite", "33.75",
         "Foto batik dengan model untuk katalog",
         "Butuh fotografer untuk sesi pemotretan kain batik dengan model di galeri kami di Kota "
         "Pekalongan, 30 look, termasuk edit dan retouch ringan."),
    _gig("foto-coto-makassar", "id", "product-photography", ("food-photography",),
         ("food-photography",), (1_500_000, 3_000_000), "onsite", "73.71",
         "Foto menu rumah makan coto",
         "Rumah makan kami di Makassar butuh foto makanan untuk menu baru dan GoFood, sekitar "
         "25 menu, pemotretan di lokasi."),
    _gig("white-bg-rajut", "id", "product-photography", (), ("white-background-photography",),
         (500_000, 1_200_000), "remote", None,
         "Foto produk latar putih untuk Shopee",
         "Kami kirim 40 produk aksesoris rajut, butuh foto background putih standar marketplace, "
         "3 angle per produk, siap upload ke Shopee dan Tokopedia."),
    _gig("flatlay-tea-en", "en", "product-photography", ("flat-lay-photography",),
         ("flat-lay-photography", "product-photography"), (1_000_000, 2_000_000), "hybrid",
         "51.71",
         "Flat lay photos for an herbal tea brand",
         "Looking for a photographer in Bali for flat lay and top view shots of our herbal tea "
         "range, styled with local ingredients, for Instagram and our shop page."),
    _gig("retouch-perak", "id", "product-photography", ("photo-retouching",),
         ("photo-retouching",), (300_000, 800_000), "remote", None,
         "Edit foto perhiasan perak",
         "Kami punya 120 foto perhiasan perak, perlu retouch, hapus background, dan koreksi "
         "warna supaya seragam di katalog."),
    # social-media-marketing
    _gig("admin-ig-roti", "id", "social-media-marketing",
         ("social-media-management", "content-planning"),
         ("social-media-management", "content-planning"), (1_500_000, 3_000_000), "remote", None,
         "Admin Instagram untuk toko roti",
         "Cari admin sosmed untuk kelola Instagram toko roti kami: kalender konten bulanan, 12 "
         "postingan, balas DM dan komentar pelanggan."),
    _gig("feed-templates-en", "en", "social-media-marketing", ("instagram-feed-design",),
         ("instagram-feed-design", "canva-design"), (800_000, 1_500_000), "remote", None,
         "Instagram feed templates for a modest fashion label",
         "We need a set of editable Canva templates for our Instagram feed and carousel posts, "
         "matching our pastel brand colours."),
    _gig("tiktok-sambal-sidoarjo", "id", "social-media-marketing", ("tiktok-content",),
         ("tiktok-content", "ugc-content"), (2_000_000, 4_000_000), "hybrid", "35.15",
         "Konten TikTok untuk sambal kemasan",
         "Butuh kreator konten TikTok untuk 12 video review dan konten FYP sambal kemasan kami, "
         "syuting sebagian di dapur produksi Sidoarjo."),
    _gig("kol-serum", "id", "social-media-marketing", ("influencer-outreach",),
         ("influencer-outreach",), (3_000_000, 6_000_000), "remote", None,
         "Cari KOL dan selebgram untuk skincare",
         "Kami butuh bantuan riset dan negosiasi endorse dengan 10 selebgram atau KOL mikro "
         "untuk peluncuran serum wajah."),
    _gig("balas-dm", "id", "social-media-marketing", (), ("community-management",),
         (1_000_000, 2_000_000), "remote", None,
         "Balas komentar dan DM Instagram setiap hari",
         "Akun kami ramai tapi banyak DM tidak terbalas. Perlu orang yang membalas komentar dan "
         "DM setiap hari jam 09-21 dengan bahasa santai."),
    # copywriting and content writing
    _gig("caption-kopi", "id", "copywriting", ("caption-writing",), ("caption-writing",),
         (500_000, 1_000_000), "remote", None,
         "Caption Instagram 30 hari untuk kopi susu",
         "Butuh penulis caption IG yang santai dan menjual untuk 30 postingan kopi susu literan "
         "kami, termasuk ajakan order lewat WhatsApp."),
    _gig("deskripsi-bayi", "id", "copywriting", ("product-description-writing",),
         ("product-description-writing",), (400_000, 900_000), "remote", None,
         "Deskripsi produk Shopee untuk 50 produk",
         "Penulisan deskripsi dan judul produk marketplace untuk 50 produk perlengkapan bayi, "
         "ramah SEO Shopee."),
    _gig("sales-page-en", "en", "copywriting", ("sales-copywriting", "landing-page-copywriting"),
         ("landing-page-copywriting", "sales-copywriting"), (1_500_000, 3_000_000), "remote",
         None,
         "Sales page copy for an online batik course",
         "Need persuasive long copy for a landing page selling our online batik-making class: "
         "hooks, benefits, testimonials and FAQ."),
    _gig("artikel-katering", "id", "content-writing", ("seo-writing",),
         ("seo-writing", "blog-writing"), (1_000_000, 2_000_000), "remote", None,
         "Artikel SEO untuk website katering",
         "Butuh 10 artikel blog SEO tentang katering sehat di Jakarta, riset kata kunci "
         "termasuk."),
    _gig("company-profile-rattan-en", "en", "content-writing", ("company-profile-writing",),
         ("company-profile-writing", "brand-storytelling"), (1_000_000, 2_500_000), "remote",
         None,
         "Company profile text for a rattan furniture maker",
         "We make rattan furniture in Cirebon and are preparing for export buyers. We need a "
         "company profile and our brand story written in clear English."),
    # video-production
    _gig("edit-reels", "id", "video-production", ("short-video-editing",),
         ("short-video-editing", "capcut-editing"), (700_000, 1_500_000), "remote", None,
         "Edit video reels dan TikTok mingguan",
         "Kami rekam sendiri, butuh editor video untuk 8 reels/TikTok per minggu, gaya jedag "
         "jedug, subtitle, dan musik."),
    _gig("compro-bandeng-semarang", "id", "video-production", ("company-profile-video",),
         ("company-profile-video", "product-videography"), (5_000_000, 10_000_000), "onsite",
         "33.74",
         "Video profil pabrik bandeng presto",
         "Butuh tim video untuk membuat video company profile usaha bandeng presto kami di "
         "Semarang, syuting di lokasi produksi selama 2 hari."),
    _gig("drone-villa-en", "en", "video-production", ("drone-videography",),
         ("drone-videography",), (2_000_000, 5_000_000), "onsite", "51.03",
         "Drone footage of a boutique villa",
         "Need aerial drone video and photos of our villa in Badung for booking platforms; a "
         "licensed pilot is preferred."),
    _gig("animasi-kasir", "id", "video-production", ("animation-2d",),
         ("animation-2d", "motion-graphics"), (3_000_000, 6_000_000), "remote", None,
         "Video animasi explainer aplikasi kasir",
         "Butuh animasi 2D explainer 60 detik untuk aplikasi kasir UMKM, termasuk animasi logo "
         "di bagian akhir."),
    _gig("leather-video-en", "en", "video-production", ("product-videography",),
         ("product-videography",), (2_000_000, 4_000_000), "hybrid", "32.73",
         "Cinematic product video for leather bags",
         "Looking for a videographer in Bandung to shoot cinematic product videos and b-roll "
         "of our handmade leather bags."),
    # digital-ads
    _gig("meta-ads-hijab", "id", "digital-ads", ("meta-ads",), ("meta-ads", "ads-analytics"),
         (2_000_000, 4_000_000), "remote", None,
         "Kelola iklan Facebook dan Instagram",
         "Kami butuh advertiser untuk mengelola iklan Meta (FB dan IG ads) toko hijab kami, "
         "target ROAS 4, dengan laporan mingguan."),
    _gig("tiktok-ads-en", "en", "digital-ads", ("tiktok-ads",), ("tiktok-ads",),
         (1_500_000, 3_000_000), "remote", None,
         "TikTok Ads for a frozen food brand",
         "Set up and optimise TikTok ads (Spark Ads, GMV Max) for our frozen dimsum shop."),
    _gig("shopee-ads-sepatu", "id", "digital-ads", (), ("shopee-ads",), (1_000_000, 2_000_000),
         "remote", None,
         "Optimasi iklan Shopee toko sepatu",
         "Iklan Shopee kami boros, butuh orang yang paham iklan toko dan iklan produk Shopee "
         "untuk menurunkan biaya per penjualan."),
    _gig("google-ads-klinik", "id", "digital-ads", ("google-ads",), ("google-ads",),
         (2_000_000, 4_000_000), "remote", "64.71",
         "Iklan Google untuk klinik gigi",
         "Klinik gigi kami di Balikpapan butuh iklan Google Search dan Google Maps agar pasien "
         "baru mudah menemukan kami."),
    # online-store-setup and live-selling
    _gig("shopee-anyaman", "id", "online-store-setup", ("shopee-store-setup", "product-listing"),
         ("shopee-store-setup", "product-listing"), (500_000, 1_200_000), "remote", "52.71",
         "Buka toko Shopee dan upload 80 produk",
         "Kami pengrajin anyaman di Lombok, butuh bantuan buka toko Shopee, dekorasi toko, dan "
         "upload 80 produk."),
    _gig("tiktok-shop-en", "en", "online-store-setup", ("tiktok-shop-setup",),
         ("tiktok-shop-setup",), (800_000, 1_500_000), "remote", None,
         "TikTok Shop setup and affiliate program",
         "Help us open our TikTok Shop, connect affiliates and set up the yellow basket for our "
         "snack products."),
    _gig("gofood-pempek", "id", "online-store-setup", ("food-delivery-merchant-setup",),
         ("food-delivery-merchant-setup",), (300_000, 700_000), "onsite", "16.71",
         "Daftar GoFood dan GrabFood untuk warung pempek",
         "Warung pempek kami di Palembang belum terdaftar di GoFood, GrabFood, dan ShopeeFood. "
         "Butuh bantuan daftar merchant, foto menu sederhana, dan pengaturan menu."),
    _gig("admin-gamis", "id", "online-store-setup", ("online-store-admin",),
         ("online-store-admin",), (1_500_000, 2_500_000), "remote", None,
         "Admin online shop untuk toko gamis",
         "Cari admin olshop: balas chat pembeli, proses pesanan Shopee dan Tokopedia, input "
         "resi, enam hari seminggu."),
    _gig("host-live-bekasi", "id", "live-selling", ("live-selling-host",),
         ("live-selling-host",), (1_000_000, 2_500_000), "onsite", "32.75",
         "Host live TikTok untuk toko hijab",
         "Butuh host live jualan di TikTok dan Shopee Live, tiga kali seminggu di studio kami di "
         "Bekasi."),
    _gig("live-operator-en", "en", "live-selling", ("live-operator", "live-script"),
         ("live-operator", "live-script"), (1_000_000, 2_000_000), "hybrid", "31.74",
         "Live stream operator and rundown writer",
         "Need someone in Jakarta to run OBS for our live shopping sessions and write the "
         "rundown and script for flash sales."),
    # web-development
    _gig("landing-jahit", "id", "web-development", ("landing-page",), ("landing-page",),
         (1_500_000, 3_000_000), "remote", None,
         "Landing page promo kursus menjahit",
         "Buat landing page untuk kelas menjahit online, cepat dibuka di HP, ada tombol WhatsApp "
         "dan integrasi Meta Pixel."),
    _gig("wordpress-catering-en", "en", "web-development", ("wordpress", "company-website"),
         ("company-website", "wordpress"), (3_000_000, 6_000_000), "remote", "35.78",
         "WordPress website for a catering business",
         "We need a WordPress company website with menu pages, an order form and Google Maps "
         "for our catering business in Surabaya."),
    _gig("toko-online-qris", "id", "web-development",
         ("online-store-website", "payment-integration"),
         ("online-store-website", "payment-integration"), (5_000_000, 12_000_000), "remote",
         None,
         "Website toko online dengan QRIS",
         "Butuh website toko online sendiri (WooCommerce atau Shopify) untuk produk kopi, "
         "lengkap dengan pembayaran QRIS dan virtual account."),
    _gig("uiux-laundry-en", "en", "web-development", ("ui-ux-design", "figma"),
         ("ui-ux-design", "figma"), (4_000_000, 8_000_000), "remote", None,
         "UI/UX design for a laundry ordering app",
         "Design the interface in Figma for a laundry pickup app: wireframes, a clickable "
         "prototype and a small design system."),
    # print-design
    _gig("menu-cafe-jogja", "id", "print-design", ("menu-design",), ("menu-design",),
         (400_000, 900_000), "hybrid", "34.71",
         "Desain menu cafe dan menu board",
         "Cafe kami di Yogyakarta butuh desain buku menu dan menu board baru, 40 item, sekalian "
         "dibantu cetak di percetakan lokal."),
    _gig("spanduk-toko", "id", "print-design", (), ("banner-design", "flyer-brochure-design"),
         (300_000, 600_000), "remote", None,
         "Desain spanduk dan brosur pembukaan toko",
         "Toko bangunan kami buka cabang baru, butuh desain spanduk 3x1 meter, x-banner, dan "
         "brosur promo."),
    # translation and voice-over
    _gig("katalog-ekspor", "id", "translation", ("export-localization", "id-en-translation"),
         ("export-localization", "id-en-translation"), (1_000_000, 3_000_000), "remote", None,
         "Terjemahan katalog ekspor kerajinan kayu",
         "Katalog produk kerajinan kayu kami (40 halaman) perlu diterjemahkan ke bahasa Inggris "
         "untuk buyer ekspor."),
    _gig("mandarin-labels-en", "en", "translation", (), ("mandarin-translation",),
         (1_000_000, 2_000_000), "remote", None,
         "Mandarin translation of product labels",
         "We export bird's nest products to China and need our labels and brochure translated "
         "into Simplified Chinese."),
    _gig("vo-jawa", "id", "voice-over", ("regional-language-voice-over",),
         ("regional-language-voice-over",), (500_000, 1_000_000), "remote", None,
         "Voice over bahasa Jawa untuk iklan radio",
         "Butuh pengisi suara logat Jawa Timuran untuk iklan radio 30 detik toko bangunan kami."),
    _gig("jingle-chicken-en", "en", "voice-over", ("jingle-production",),
         ("jingle-production",), (1_500_000, 3_000_000), "remote", None,
         "Jingle for a fried chicken franchise",
         "We want a catchy 20-second jingle and backsound for our fried chicken ads on TikTok "
         "and radio."),
)
# fmt: on
