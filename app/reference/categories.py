"""Service categories creatives offer and UMKM owners hire for.

Slugs are stable identifiers stored in the database and used in URLs; names and descriptions
can change freely.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    slug: str
    name_id: str
    name_en: str
    description_id: str
    description_en: str


CATEGORIES: tuple[Category, ...] = (
    Category(
        slug="packaging-design",
        name_id="Desain Kemasan",
        name_en="Packaging Design",
        description_id=(
            "Desain kemasan produk, label, stiker, standing pouch, dus, dan hampers; siap cetak "
            "dengan memperhatikan informasi wajib seperti PIRT, halal, dan komposisi."
        ),
        description_en=(
            "Product packaging, labels, stickers, standing pouches, boxes and hampers, print-ready "
            "and laid out for mandatory information such as PIRT, halal logo and ingredients."
        ),
    ),
    Category(
        slug="logo-branding",
        name_id="Logo & Identitas Merek",
        name_en="Logo & Brand Identity",
        description_id=(
            "Logo, palet warna, tipografi, maskot, dan panduan merek agar usaha mudah dikenali "
            "di kemasan, toko online, dan media sosial."
        ),
        description_en=(
            "Logos, colour palettes, typography, mascots and brand guidelines that make a small "
            "business recognisable on packaging, marketplaces and social media."
        ),
    ),
    Category(
        slug="social-media-marketing",
        name_id="Pemasaran Media Sosial",
        name_en="Social Media Marketing",
        description_id=(
            "Pengelolaan akun Instagram, TikTok, dan Facebook: kalender konten, desain feed, "
            "balas komentar dan DM, serta laporan performa bulanan."
        ),
        description_en=(
            "Running Instagram, TikTok and Facebook accounts: content calendars, feed design, "
            "replying to comments and DMs, and monthly performance reports."
        ),
    ),
    Category(
        slug="product-photography",
        name_id="Fotografi Produk",
        name_en="Product Photography",
        description_id=(
            "Foto produk untuk marketplace dan media sosial: latar putih, flat lay, foto makanan, "
            "foto lifestyle dengan model, serta retouch."
        ),
        description_en=(
            "Product photos for marketplaces and social media: white background, flat lay, food "
            "photography, lifestyle shots with models, and retouching."
        ),
    ),
    Category(
        slug="copywriting",
        name_id="Copywriting",
        name_en="Copywriting",
        description_id=(
            "Teks jualan yang menggerakkan pembeli: caption, deskripsi produk marketplace, "
            "naskah iklan, tagline, dan pesan broadcast WhatsApp."
        ),
        description_en=(
            "Sales copy that converts: captions, marketplace product descriptions, ad scripts, "
            "taglines and WhatsApp broadcast messages."
        ),
    ),
    Category(
        slug="content-writing",
        name_id="Penulisan Konten",
        name_en="Content Writing",
        description_id=(
            "Artikel blog, konten SEO, profil usaha, dan cerita merek yang membangun kepercayaan "
            "pembeli dalam jangka panjang."
        ),
        description_en=(
            "Blog articles, SEO content, company profiles and brand stories that build buyer "
            "trust over time."
        ),
    ),
    Category(
        slug="video-production",
        name_id="Produksi Video",
        name_en="Video Production",
        description_id=(
            "Video pendek untuk Reels, TikTok, dan Shorts, video profil usaha, motion graphics, "
            "serta penyuntingan dan subtitle."
        ),
        description_en=(
            "Short videos for Reels, TikTok and Shorts, company profile videos, motion graphics, "
            "editing and subtitles."
        ),
    ),
    Category(
        slug="digital-ads",
        name_id="Iklan Digital",
        name_en="Digital Advertising",
        description_id=(
            "Pengaturan dan optimasi iklan berbayar di Meta (Instagram/Facebook), TikTok, Google, "
            "Shopee, dan Tokopedia, lengkap dengan target ROAS dan laporan."
        ),
        description_en=(
            "Setting up and optimising paid ads on Meta (Instagram/Facebook), TikTok, Google, "
            "Shopee and Tokopedia, with ROAS targets and reporting."
        ),
    ),
    Category(
        slug="online-store-setup",
        name_id="Toko Online & Marketplace (Tokopedia/Shopee/TikTok Shop)",
        name_en="Online Store & Marketplace Setup (Tokopedia/Shopee/TikTok Shop)",
        description_id=(
            "Membuka dan merapikan toko di Tokopedia, Shopee, dan TikTok Shop: unggah produk, "
            "dekorasi toko, pengaturan ongkir dan voucher, serta admin toko online."
        ),
        description_en=(
            "Opening and tidying stores on Tokopedia, Shopee and TikTok Shop: product uploads, "
            "store decoration, shipping and voucher settings, and online store admin."
        ),
    ),
    Category(
        slug="live-selling",
        name_id="Live Streaming Jualan",
        name_en="Live Selling",
        description_id=(
            "Host live jualan di TikTok Shop dan Shopee Live, penyusunan rundown, dan operator "
            "live agar penjualan berjalan setiap hari."
        ),
        description_en=(
            "Live selling hosts for TikTok Shop and Shopee Live, show rundowns and live operators "
            "to keep daily sales going."
        ),
    ),
    Category(
        slug="web-development",
        name_id="Pembuatan Website",
        name_en="Web Development",
        description_id=(
            "Landing page, website profil usaha, toko online sendiri, integrasi pembayaran dan "
            "WhatsApp, serta desain UI/UX."
        ),
        description_en=(
            "Landing pages, company websites, self-hosted online stores, payment and WhatsApp "
            "integration, and UI/UX design."
        ),
    ),
    Category(
        slug="illustration",
        name_id="Ilustrasi",
        name_en="Illustration",
        description_id=(
            "Ilustrasi maskot, karakter, ilustrasi kemasan, stiker, dan aset visual khas daerah "
            "untuk memperkuat cerita produk."
        ),
        description_en=(
            "Mascots, characters, packaging illustrations, stickers and regional visual motifs "
            "that strengthen a product's story."
        ),
    ),
    Category(
        slug="print-design",
        name_id="Desain Menu & Materi Cetak",
        name_en="Menu & Print Design",
        description_id=(
            "Desain menu warung dan kafe, brosur, spanduk, banner, kartu nama, dan katalog produk "
            "siap cetak."
        ),
        description_en=(
            "Print-ready menus for warungs and cafés, flyers, banners, business cards and product "
            "catalogues."
        ),
    ),
    Category(
        slug="translation",
        name_id="Penerjemahan",
        name_en="Translation",
        description_id=(
            "Terjemahan deskripsi produk, katalog ekspor, dan situs web antara bahasa Indonesia, "
            "Inggris, Mandarin, Arab, dan bahasa lain."
        ),
        description_en=(
            "Translating product descriptions, export catalogues and websites between "
            "Indonesian, English, Mandarin, Arabic and other languages."
        ),
    ),
    Category(
        slug="voice-over",
        name_id="Sulih Suara & Audio",
        name_en="Voice-over & Audio",
        description_id=(
            "Voice-over iklan dan video, jingle usaha, serta rekaman suara dalam bahasa Indonesia "
            "maupun bahasa daerah."
        ),
        description_en=(
            "Voice-overs for ads and videos, business jingles, and recordings in Indonesian or "
            "regional languages."
        ),
    ),
)

CATEGORY_SLUGS: frozenset[str] = frozenset(category.slug for category in CATEGORIES)


_CATEGORIES_BY_SLUG: dict[str, Category] = {category.slug: category for category in CATEGORIES}


def get_category(slug: str) -> Category | None:
    """The category with this slug, or None."""
    return _CATEGORIES_BY_SLUG.get(slug)
