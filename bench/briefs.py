"""How gig briefs and creative profiles read, per category, in Indonesian and English.

Templates use `{p}` (product, Indonesian), `{pe}` (product, English), `{ch}` (sales channel),
`{biz}` (business name) and `{place}` (regency, as people write it). Categories the reference
data gains later fall back to GENERIC, so the generator never breaks on a new slug.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CategoryText:
    titles_id: tuple[str, ...]
    titles_en: tuple[str, ...]
    needs_id: tuple[str, ...]
    needs_en: tuple[str, ...]
    headlines_id: tuple[str, ...]
    headlines_en: tuple[str, ...]
    tools: str
    budget_idr: tuple[int, int]  # typical lower bound of a brief's budget, min and max


CATEGORY_TEXT: dict[str, CategoryText] = {
    "packaging-design": CategoryText(
        (
            "Desain kemasan {p} untuk {ch}",
            "Desain label {p} siap cetak",
            "Redesain standing pouch {p}",
            "Desain dus dan stiker {p}",
            "Kemasan hampers lebaran {p}",
            "Desain kemasan baru {biz}",
        ),
        (
            "Packaging design for {pe}",
            "Label design for our {pe}",
            "Standing pouch redesign for {pe}",
            "Gift box packaging for {pe}",
        ),
        (
            "Butuh desain kemasan standing pouch yang menarik dan siap cetak.",
            "Informasi PIRT, logo halal, komposisi dan tanggal kedaluwarsa wajib ada di label.",
            "Kemasan lama terlihat kusam di etalase {ch}, ingin tampil lebih premium.",
            "Mohon sertakan dieline dan mockup 3D kemasan.",
        ),
        (
            "We need a print-ready standing pouch design that stands out on the shelf.",
            "The label must carry PIRT, halal logo, ingredients and expiry date.",
            "Please include the dieline and a 3D packaging mockup.",
        ),
        (
            "Desainer kemasan & label UMKM",
            "Spesialis desain packaging makanan",
            "Desain kemasan, label, dan hampers",
        ),
        ("Packaging and label designer for small brands", "Food packaging designer"),
        "Adobe Illustrator, CorelDRAW, mockup 3D",
        (300_000, 3_000_000),
    ),
    "logo-branding": CategoryText(
        (
            "Desain logo {biz}",
            "Logo dan identitas merek usaha {p}",
            "Rebranding logo {biz}",
            "Bikin logo usaha {p} yang modern",
            "Desain logo dan palet warna {biz}",
        ),
        ("Logo design for {biz}", "Brand identity for a {pe} business", "Logo refresh for {biz}"),
        (
            "Kami ingin logo sederhana dan mudah diingat, cocok untuk kemasan dan Instagram.",
            "Butuh logo beserta palet warna, tipografi, dan panduan merek singkat.",
            "Logo lama dibuat sendiri dengan Canva, ingin yang lebih profesional.",
        ),
        (
            "We want a simple, memorable logo that works on packaging and Instagram.",
            "Deliverables: logo, colour palette, typography and a short brand guide.",
        ),
        ("Desainer logo & branding UMKM", "Brand identity designer, logo dan maskot"),
        ("Logo and brand identity designer", "Branding for small businesses"),
        "Adobe Illustrator, Figma, Procreate",
        (250_000, 3_500_000),
    ),
    "social-media-marketing": CategoryText(
        (
            "Admin Instagram untuk {p} (3 bulan)",
            "Konten reels TikTok untuk {p}",
            "Desain feed Instagram {biz}",
            "Kalender konten bulanan {p}",
            "Admin sosmed {biz} di {place}",
        ),
        (
            "Instagram admin for a {pe} brand",
            "TikTok reels for {pe}",
            "Monthly content calendar for {biz}",
        ),
        (
            "Butuh admin sosmed untuk posting 3 kali seminggu, balas komentar dan DM.",
            "Target kami menaikkan penjualan di {ch} lewat konten reels dan TikTok.",
            "Termasuk kalender konten, desain feed, dan laporan performa bulanan.",
        ),
        (
            "We need someone to post three times a week and reply to comments and DMs.",
            "The goal is more sales on {ch} through reels and TikTok content.",
        ),
        (
            "Social media specialist untuk UMKM",
            "Admin sosmed & content planner",
            "Kreator konten TikTok dan reels",
        ),
        ("Social media manager for small brands", "TikTok and Instagram content creator"),
        "Canva, CapCut, Meta Business Suite",
        (1_000_000, 6_000_000),
    ),
    "product-photography": CategoryText(
        (
            "Foto produk {p} untuk katalog {ch}",
            "Foto produk {p} latar putih",
            "Foto katalog {p} 20 produk",
            "Foto lifestyle {p} untuk Instagram",
            "Fotografer produk {p} di {place}",
        ),
        (
            "Product photos of {pe} for {ch}",
            "White-background product photography for {pe}",
            "Lifestyle photos of our {pe}",
        ),
        (
            "Butuh foto produk dengan latar putih untuk marketplace dan foto lifestyle untuk feed.",
            "Sekitar 20 varian produk, hasil sudah diedit dan siap unggah.",
            "Diutamakan fotografer yang punya lighting dan studio mini sendiri.",
        ),
        (
            "We need white-background shots for the marketplace and lifestyle shots for the feed.",
            "About 20 product variants, edited and ready to upload.",
        ),
        (
            "Fotografer produk makanan & minuman",
            "Fotografi produk UMKM dan katalog",
            "Food photographer dan stylist",
        ),
        ("Product photographer for food brands", "Catalogue and e-commerce photographer"),
        "Sony A7 III, softbox, Lightroom",
        (300_000, 4_000_000),
    ),
    "copywriting": CategoryText(
        (
            "Copywriting deskripsi produk {p} di {ch}",
            "Caption Instagram untuk {p}",
            "Naskah iklan {p}",
            "Tulis ulang deskripsi produk {biz}",
        ),
        ("Product description copywriting for {pe}", "Ad copy for {pe}"),
        (
            "Deskripsi produk di {ch} masih seadanya, butuh copy yang menjual dan SEO-friendly.",
            "Butuh 30 caption Instagram dengan gaya bahasa santai.",
        ),
        ("Our {ch} product descriptions need persuasive, search-friendly copy.",),
        ("Copywriter jualan online", "Copywriter iklan dan caption"),
        ("Conversion copywriter for online shops",),
        "Google Docs, Notion",
        (150_000, 2_000_000),
    ),
    "content-writing": CategoryText(
        ("Artikel blog tentang {p}", "Penulisan konten website {biz}", "Artikel SEO {p}"),
        ("SEO blog articles about {pe}", "Website copy for {biz}"),
        (
            "Butuh 8 artikel SEO per bulan, 800 kata, riset kata kunci disertakan.",
            "Konten edukasi tentang manfaat {p} untuk website kami.",
        ),
        ("Eight SEO articles a month, 800 words each, keyword research included.",),
        ("Penulis konten & artikel SEO", "Content writer website UMKM"),
        ("SEO content writer", "Blog and website writer"),
        "WordPress, Google Search Console",
        (200_000, 3_000_000),
    ),
    "video-production": CategoryText(
        (
            "Video profil usaha {biz}",
            "Video reels TikTok {p}",
            "Video promosi {p} 60 detik",
            "Edit video unboxing {p}",
            "Videografer {p} di {place}",
        ),
        ("Promo video for {pe}", "Short-form reels for {pe}", "Company profile video for {biz}"),
        (
            "Butuh video promosi vertikal 60 detik untuk reels dan TikTok.",
            "Pengambilan gambar di lokasi produksi kami, termasuk editing dan musik bebas royalti.",
        ),
        (
            "A 60-second vertical promo video for reels and TikTok.",
            "Filming at our workshop, editing and royalty-free music included.",
        ),
        ("Videografer & editor video UMKM", "Editor video reels dan TikTok"),
        ("Videographer and editor for small brands", "Short-form video editor"),
        "Premiere Pro, CapCut, DJI gimbal",
        (500_000, 8_000_000),
    ),
    "digital-ads": CategoryText(
        (
            "Iklan Meta Ads untuk {p}",
            "Setting iklan Shopee Ads {p}",
            "Kelola iklan TikTok Ads {biz}",
        ),
        ("Meta ads campaign for {pe}", "Google Ads for {biz}"),
        (
            "Butuh bantuan setting dan optimasi iklan dengan budget iklan Rp3 juta per bulan.",
            "Target: menaikkan ROAS iklan di {ch}.",
        ),
        ("Set up and optimise ads on a Rp3 million monthly ad budget.",),
        ("Spesialis iklan Meta & TikTok Ads", "Digital advertiser UMKM"),
        ("Performance marketer, Meta and Google Ads",),
        "Meta Ads Manager, Google Ads, TikTok Ads",
        (750_000, 6_000_000),
    ),
    "online-store-setup": CategoryText(
        (
            "Buka toko Shopee untuk {p}",
            "Optimasi toko Tokopedia {biz}",
            "Upload 50 produk {p} ke {ch}",
        ),
        ("Set up a Shopee store for {pe}", "Marketplace listing optimisation for {biz}"),
        (
            "Butuh bantuan membuka toko, upload produk, dan mengatur ongkir serta voucher.",
            "Judul dan foto produk di {ch} perlu dioptimasi agar muncul di pencarian.",
        ),
        ("Open the store, upload the products and set up shipping and vouchers.",),
        ("Admin marketplace Shopee & Tokopedia", "Spesialis optimasi toko online"),
        ("Marketplace store manager",),
        "Shopee Seller Centre, Tokopedia Seller",
        (300_000, 3_000_000),
    ),
    "live-selling": CategoryText(
        ("Host live Shopee untuk {p}", "Live streaming TikTok jualan {p}"),
        ("Live selling host for {pe} on TikTok",),
        ("Butuh host live 2 jam per sesi, 3 sesi seminggu, dengan gaya ceria.",),
        ("A two-hour live host, three sessions a week.",),
        ("Host live streaming Shopee & TikTok",),
        ("Live commerce host",),
        "TikTok Live Studio, OBS",
        (400_000, 4_000_000),
    ),
    "web-development": CategoryText(
        ("Website toko online {biz}", "Landing page {p}", "Website company profile {biz}"),
        ("Landing page for {pe}", "Online store website for {biz}"),
        (
            "Butuh website sederhana dengan katalog produk dan tombol pesan via WhatsApp.",
            "Landing page untuk kampanye {p}, cepat dibuka di HP.",
        ),
        ("A simple website with a product catalogue and a WhatsApp order button.",),
        ("Web developer WordPress & landing page", "Pembuat website UMKM"),
        ("Web developer for small businesses",),
        "WordPress, Laravel, Next.js",
        (1_500_000, 15_000_000),
    ),
    "illustration": CategoryText(
        ("Ilustrasi maskot {biz}", "Ilustrasi kemasan {p}", "Ilustrasi konten {p}"),
        ("Mascot illustration for {biz}", "Packaging illustration for {pe}"),
        ("Butuh maskot yang lucu dan bisa dipakai di kemasan serta stiker WhatsApp.",),
        ("A friendly mascot we can use on packaging and WhatsApp stickers.",),
        ("Ilustrator maskot & kemasan", "Ilustrator digital"),
        ("Illustrator for packaging and mascots",),
        "Procreate, Clip Studio Paint",
        (300_000, 4_000_000),
    ),
    "print-design": CategoryText(
        (
            "Desain brosur {p}",
            "Desain banner dan spanduk {biz}",
            "Desain kartu nama dan menu {biz}",
            "Desain X-banner pameran {p}",
        ),
        ("Flyer design for {pe}", "Menu and business card design for {biz}"),
        (
            "Butuh desain brosur dan X-banner untuk pameran UMKM bulan depan.",
            "File siap cetak ukuran A5 dan 60x160 cm.",
        ),
        ("Flyer and roll-up banner for next month's trade fair.",),
        ("Desainer grafis cetak & promosi",),
        ("Print and promotional graphic designer",),
        "CorelDRAW, Adobe InDesign",
        (150_000, 1_500_000),
    ),
    "translation": CategoryText(
        ("Terjemahan deskripsi produk {p} ke bahasa Inggris", "Terjemahan katalog ekspor {p}"),
        ("Translate the {pe} catalogue into English", "Indonesian to English export documents"),
        ("Butuh terjemahan katalog untuk calon pembeli luar negeri, sekitar 3.000 kata.",),
        ("Catalogue translation for overseas buyers, about 3,000 words.",),
        ("Penerjemah Indonesia–Inggris",),
        ("Indonesian–English translator",),
        "SDL Trados, Google Docs",
        (100_000, 2_000_000),
    ),
    "voice-over": CategoryText(
        ("Voice over iklan {p}", "Dubbing video promosi {biz}"),
        ("Voice-over for a {pe} advert",),
        ("Butuh pengisi suara perempuan, gaya hangat, durasi 60 detik.",),
        ("A warm female voice, 60 seconds.",),
        ("Voice over talent iklan & video",),
        ("Voice-over artist",),
        "Audacity, Rode NT1",
        (150_000, 1_500_000),
    ),
}

GENERIC = CategoryText(
    ("Bantuan kreatif untuk usaha {p}",),
    ("Creative help for our {pe} business",),
    ("Detail pekerjaan akan dijelaskan lewat chat.",),
    ("Details to follow in the chat.",),
    ("Freelancer kreatif UMKM",),
    ("Creative freelancer",),
    "Canva, Adobe",
    (200_000, 3_000_000),
)

INTROS_ID: tuple[str, ...] = (
    "Kami {biz}, usaha {p} di {place}.",
    "Usaha {p} kami sudah berjalan beberapa tahun di {place} dan mulai jualan di {ch}.",
    "Halo, saya pemilik {biz} dari {place}.",
)
INTROS_EN: tuple[str, ...] = (
    "We are {biz}, a small {pe} business in {place}.",
    "Our {pe} business in {place} is growing on {ch}.",
)
WORK_MODE_NOTES: dict[str, tuple[str, str]] = {
    "remote": ("Pekerjaan bisa dikerjakan remote dari mana saja.", "The work is fully remote."),
    "onsite": (
        "Diutamakan yang bisa datang ke lokasi kami di {place}.",
        "You need to come to our place in {place}.",
    ),
    "hybrid": (
        "Sebagian besar remote, sesekali bertemu di {place}.",
        "Mostly remote with the odd meeting in {place}.",
    ),
}
CLOSINGS_ID: tuple[str, ...] = (
    "Mohon sertakan portofolio yang relevan.",
    "Budget bisa dinegosiasikan untuk kreatif berpengalaman.",
    "Revisi maksimal 2 kali.",
    "Kreatif baru juga boleh melamar, yang penting komunikatif.",
)
CLOSINGS_EN: tuple[str, ...] = (
    "Please share relevant portfolio work.",
    "Budget is negotiable for experienced creatives.",
    "Two rounds of revisions.",
)
BIOS_ID: tuple[str, ...] = (
    "Saya {name}, {role} dari {place} dengan pengalaman {years} tahun. Sudah membantu UMKM {p} "
    "dan {p2} tampil lebih profesional. Alat kerja: {tools}.",
    "{role} di {place}. Fokus pada usaha kecil seperti {p} dan {p2}; komunikatif dan tepat "
    "waktu. Biasa memakai {tools}.",
)
BIOS_EN: tuple[str, ...] = (
    "I'm {name}, a {role} based in {place} with {years} years of experience helping small "
    "{pe} and {pe2} brands. Tools: {tools}.",
)
COVER_LETTERS: tuple[str, ...] = (
    "Halo, saya tertarik dengan proyek ini. Saya sudah mengerjakan proyek serupa untuk UMKM {p}.",
    "Selamat siang, saya bisa mulai minggu ini dan siap revisi sampai sesuai.",
    "Hi, I have done similar work for {pe} brands and can deliver on time.",
    "Saya berdomisili di {place}, bisa bertemu langsung bila diperlukan.",
    "Portofolio saya ada di profil; estimasi pengerjaan sesuai yang saya tulis.",
)
