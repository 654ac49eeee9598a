"""Bahasa Indonesia: the title of every error code, and common validation messages."""

from __future__ import annotations

TITLES: dict[str, str] = {
    # Generic codes, emitted by the handlers in app/core/problems.py and the middleware.
    "bad_request": "Permintaan tidak valid",
    "unauthorized": "Perlu masuk terlebih dahulu",
    "forbidden": "Anda tidak diizinkan melakukan ini",
    "not_found": "Tidak ditemukan",
    "method_not_allowed": "Metode tidak diizinkan",
    "not_acceptable": "Format tanggapan tidak tersedia",
    "conflict": "Terjadi konflik",
    "payload_too_large": "Isi permintaan terlalu besar",
    "unsupported_media_type": "Jenis media tidak didukung",
    "unprocessable": "Permintaan tidak dapat diproses",
    "validation_error": "Permintaan tidak valid (lihat `errors`)",
    "unknown_parameter": "Permintaan memuat parameter kueri yang tidak dikenal endpoint ini",
    "rate_limited": "Terlalu banyak permintaan",
    "http_error": "Galat HTTP",
    "internal_error": "Terjadi kesalahan di pihak kami; sudah dicatat",
    "service_busy": "Layanan sedang sibuk; coba lagi sebentar",
    "database_unavailable": "Basis data tidak dapat dijangkau; coba lagi sebentar",
    # Accounts and tokens.
    "invalid_request": "Parameter wajib hilang atau formatnya salah",
    "invalid_cursor": "Kursor halaman tidak valid",
    "invalid_credentials": "Email atau kata sandi salah",
    "invalid_token": "Token tidak valid, kedaluwarsa, atau dicabut",
    "invalid_grant": "Grant tidak valid, kedaluwarsa, atau dicabut",
    "unsupported_grant_type": "Jenis grant ini tidak didukung",
    "role_required": "Tindakan ini memerlukan peran akun yang berbeda",
    "insufficient_scope": "Token tidak memiliki cakupan yang dibutuhkan tindakan ini",
    "email_taken": "Akun dengan email ini sudah ada",
    "invalid_state_transition": "Tindakan ini tidak diizinkan pada status saat ini",
    # Businesses and creatives.
    "business_limit_reached": "Akun ini sudah memiliki jumlah usaha maksimum",
    "business_not_found": "Usaha tidak ditemukan",
    "nib_taken": "Usaha lain sudah terdaftar dengan NIB ini",
    "creative_not_found": "Profil kreatif tidak ditemukan",
    "profile_missing": "Anda belum membuat profil kreatif",
    "profile_required": "Buat profil kreatif Anda sebelum mengirim penawaran",
    # Reference data.
    "region_not_found": "Wilayah tidak ditemukan",
    "unknown_category": "Satu atau lebih slug kategori tidak dikenal",
    "unknown_skill": "Satu atau lebih slug keahlian tidak dikenal",
    "unknown_region": "Kode wilayah bukan wilayah Kemendagri yang dikenal",
    # Gigs.
    "budget_out_of_bounds": "Anggaran di luar rentang yang diizinkan",
    "budget_range_invalid": "budget_min_idr tidak boleh melebihi budget_max_idr",
    "deadline_passed": "Tenggat gig sudah lewat; ubah tenggatnya terlebih dahulu",
    "gig_already_contracted": "Sebuah penawaran pada gig ini sudah diterima",
    "gig_has_contract": "Gig yang memiliki kontrak dibatalkan melalui kontraknya",
    "gig_not_editable": "Hanya gig berstatus draf dan terbuka yang dapat diubah",
    "gig_not_found": "Gig tidak ditemukan",
    "gig_not_open": "Gig tidak sedang menerima penawaran",
    "not_business_owner": "Gig hanya dapat diposting untuk usaha Anda sendiri",
    "not_gig_owner": "Hanya pemilik gig yang dapat melakukan ini",
    "region_required": "Gig di lokasi dan hibrida memerlukan region_code",
    "sort_requires_q": "sort=relevance memerlukan kueri pencarian `q`",
    "status_requires_mine": "Gig draf dan dibatalkan hanya ditampilkan dengan mine=true",
    # Proposals and invitations.
    "already_proposed": "Kreatif ini sudah memiliki penawaran aktif pada gig ini",
    "proposal_exists": "Anda sudah memiliki penawaran aktif pada gig ini",
    "proposal_not_found": "Penawaran tidak ditemukan",
    "proposal_price_out_of_range": "Harga di luar rentang yang diizinkan",
    "not_proposal_creative": "Hanya kreatif pengirim penawaran yang dapat melakukan ini",
    "own_gig": "Anda tidak dapat mengirim penawaran ke gig Anda sendiri",
    "invitation_exists": "Kreatif ini sudah diundang ke gig ini",
    "invitation_expired": "Gig sudah tidak terbuka, sehingga undangan kedaluwarsa",
    "invitation_limit_reached": "Gig ini sudah mengirim undangan sebanyak yang diizinkan",
    "invitation_not_found": "Undangan tidak ditemukan",
    "invitations_role_required": "Hanya pemilik usaha dan kreatif yang memiliki undangan",
    "mine_required": "Hanya milik Anda sendiri yang dapat ditampilkan: kirim mine=true",
    "not_invited_creative": "Hanya kreatif yang diundang yang dapat menjawab undangan",
    # Contracts, milestones and escrow.
    "contract_not_active": "Kontrak tidak aktif",
    "contract_not_completed": "Ulasan dibuka setelah kontrak selesai",
    "contract_not_found": "Kontrak tidak ditemukan",
    "not_contract_creative": "Hanya kreatif dalam kontrak yang dapat melakukan ini",
    "not_contract_owner": "Hanya pemilik usaha dalam kontrak yang dapat melakukan ini",
    "milestone_already_delivered": (
        "Pekerjaan sudah diserahkan: setujui, minta revisi, atau ajukan sengketa"
    ),
    "milestone_disputed": "Milestone dibekukan oleh sengketa; penyelesaiannya menentukan dananya",
    "milestone_not_found": "Milestone tidak ditemukan",
    "milestone_not_funded": "Milestone harus didanai terlebih dahulu",
    "milestone_payment_in_progress": (
        "Pembayaran untuk milestone ini sedang berjalan; jumlahnya tidak dapat diubah"
    ),
    "milestone_sum_exceeds_price": "Jumlah melebihi sisa milestone terakhir yang belum dibayar",
    "chargeback_in_progress": (
        "Chargeback kartu pada milestone ini sedang diproses; jaringan kartu yang memutuskan"
    ),
    "dispute_not_found": "Sengketa tidak ditemukan",
    "dispute_split_mismatch": "release_idr dan refund_idr harus berjumlah sama dengan dana escrow",
    "not_dispute_opener": "Hanya pihak yang membuka sengketa yang dapat melakukan ini",
    "not_dispute_respondent": "Hanya pihak lawan yang dapat menjawab sengketa ini",
    # Payments and payouts.
    "payment_not_found": "Pembayaran tidak ditemukan",
    "payment_not_pending": "Hanya pembayaran tertunda atau gagal yang dapat diselesaikan",
    "payment_provider_error": "Penyedia pembayaran tidak menjawab",
    "payout_account_not_found": "Rekening pencairan belum diatur",
    "payout_method_unavailable": "Layanan ini tidak mencairkan dana kreatif dengan cara ini",
    "insufficient_payable_balance": "Jumlah melebihi saldo kreatif yang tersedia",
    "sandbox_disabled": "Penyedia pembayaran sandbox tidak aktif di sini",
    "invalid_webhook_signature": "Tanda tangan webhook hilang, salah, atau kedaluwarsa",
    "idempotency_key_in_progress": (
        "Permintaan dengan Idempotency-Key ini masih diproses; coba lagi sebentar"
    ),
    "idempotency_key_reused": ("Idempotency-Key ini sudah dipakai untuk permintaan yang berbeda"),
    # Reviews.
    "review_already_submitted": "Anda sudah mengulas kontrak ini",
    "review_window_closed": "Masa ulasan kontrak ini sudah ditutup",
    # Partners, OAuth, events and webhooks.
    "connected_app_not_found": "Aplikasi ini tidak terhubung ke akun Anda",
    "invalid_authorization_request": "Aplikasi atau URI pengalihannya tidak terdaftar",
    "invalid_client": "Autentikasi klien gagal",
    "invalid_scope": "Cakupan yang diminta tidak valid atau melebihi yang diberikan",
    "partner_app_not_found": "Tidak ada aplikasi mitra dengan client_id ini",
    "unknown_event_type": "Jenis peristiwa bukan salah satu yang dikirim API",
    "unknown_scope": "Cakupan bukan salah satu cakupan yang terdokumentasi",
    "unsafe_webhook_url": "URL webhook harus alamat https publik",
    "webhook_delivery_not_found": "Tidak ada pengiriman seperti itu untuk endpoint ini",
    "webhook_endpoint_disabled": "Endpoint dinonaktifkan; aktifkan terlebih dahulu",
    "webhook_endpoint_limit": "Pemilik ini sudah memiliki jumlah endpoint maksimum",
    "webhook_endpoint_not_found": "Tidak ada endpoint webhook seperti itu",
    # Accounts: verification, passwords, sessions, suspension.
    "email_unverified": "Konfirmasi alamat email Anda terlebih dahulu",
    "email_already_verified": "Alamat email ini sudah dikonfirmasi",
    "account_token_invalid": "Tautan atau kode tidak valid",
    "account_token_expired": "Tautan atau kode sudah kedaluwarsa; minta yang baru",
    "account_token_used": "Tautan atau kode sudah pernah dipakai",
    "weak_password": "Kata sandi terlalu mudah ditebak",
    "current_password_incorrect": "Kata sandi saat ini tidak benar",
    "password_incorrect": "Kata sandi saat ini salah",
    "session_not_found": "Sesi tidak ditemukan",
    "account_suspended": "Akun ini ditangguhkan; hubungi dukungan",
    "cannot_suspend_self": "Administrator tidak dapat menangguhkan akunnya sendiri",
    "user_not_found": "Pengguna tidak ditemukan",
    "invitations_per_day_exceeded": "Anda sudah mengirim undangan sebanyak batas harian",
    "creative_invitations_per_day_exceeded": (
        "Anda sudah mengundang kreatif ini sebanyak batas harian"
    ),
    # Privacy: erasure.
    "erasure_blocked_active_contract": (
        "Selesaikan atau batalkan kontrak aktif Anda sebelum menghapus akun"
    ),
    "erasure_blocked_escrow": (
        "Masih ada dana di escrow, atau pembayaran maupun pengembalian dana yang sedang berjalan"
    ),
    "erasure_blocked_unpaid_balance": (
        "Masih ada pendapatan yang belum dicairkan; terima dulu sebelum menghapus akun"
    ),
    # Conversations, live streams and files.
    "conversation_not_found": "Percakapan tidak ditemukan",
    "conversation_not_allowed": (
        "Percakapan memerlukan penawaran kreatif pada gig ini atau undangan ke gig ini"
    ),
    "message_not_found": "Pesan tidak ditemukan",
    "message_blank": "Pesan harus berisi teks yang terlihat",
    "not_message_sender": "Hanya pengirim yang dapat menarik pesan",
    "retract_window_closed": "Pesan hanya dapat ditarik sesaat setelah dikirim",
    "too_many_streams": "Terlalu banyak siaran langsung yang terbuka untuk pengguna ini",
    "file_not_found": "Berkas tidak ditemukan",
    "file_empty": "Berkasnya kosong",
    "file_too_large": "Berkas lebih besar dari yang diizinkan untuk keperluan ini",
    "file_in_use": "Berkas sedang dipakai oleh pesan, penyerahan, atau item portofolio",
    "too_many_pending_uploads": "Pakai atau hapus sebagian unggahan sebelum mengunggah yang lain",
    "too_many_files": "Jumlah berkas melebihi batas untuk penggunaan ini",
    "attachment_not_found": (
        "Sebuah berkas bukan unggahan Anda yang belum terpakai untuk keperluan ini"
    ),
    "download_link_expired": "Tautan unduhan ini sudah kedaluwarsa",
    "image_unreadable": "Gambar tidak dapat dibaca",
    "image_too_large": "Gambar memiliki terlalu banyak piksel untuk dibaca dengan aman",
    # Payments (methods, Xendit channels), refunds, payouts, invoices.
    "amount_below_method_minimum": "Jumlahnya di bawah batas minimum metode ini",
    "amount_above_method_maximum": (
        "Jumlahnya melebihi batas yang diterima metode ini dalam satu pembayaran"
    ),
    "payment_channel_required": (
        "Metode ini memerlukan bank (virtual account) atau kanal e-wallet"
    ),
    "payment_channel_unsupported": "Bank atau e-wallet ini tidak tersedia",
    "payment_under_way_with_another_method": (
        "Pembayaran dengan metode lain sedang berjalan; selesaikan atau biarkan kedaluwarsa dulu"
    ),
    "payout_channel_unsupported": (
        "Xendit tidak dapat mencairkan dana ke kode bank atau e-wallet ini"
    ),
    "payout_not_found": "Pencairan dana tidak ditemukan",
    "payout_not_reversible": (
        "Hanya pencairan manual yang sudah dibayar yang dapat dibatalkan di sini"
    ),
    "refund_not_found": "Pengembalian dana tidak ditemukan",
    "refund_not_failed": (
        "Hanya pengembalian dana yang ditolak penyedia yang dapat diselesaikan secara manual"
    ),
    "bank_reference_already_used": (
        "Referensi bank ini sudah tercatat untuk pengembalian dana atau pencairan lain"
    ),
    "chargeback_awaits_payment": "Pembayaran untuk chargeback ini belum tercatat",
    "document_not_found": "Dokumen tidak ditemukan",
    # Hubs.
    "hub_not_found": "Hub tidak ditemukan",
    "hub_role_required": "Tindakan ini memerlukan peran staf hub yang tidak Anda miliki",
    "hub_slug_taken": "Hub lain sudah memakai slug ini",
    "parent_hub_not_found": "Program induk bukan hub yang dikenal",
    "staff_invitation_not_found": "Tidak ada undangan hub yang terbuka untuk alamat Anda",
    "staff_already_member": "Orang ini sudah menjadi staf hub",
    "staff_email_mismatch": "Masuk dengan alamat terkonfirmasi yang menerima undangan",
    "staff_not_found": "Staf tersebut tidak ada di hub ini",
    "last_hub_admin": "Hub harus tetap memiliki setidaknya satu admin hub aktif",
    "affiliation_not_found": "Afiliasi hub tidak ditemukan",
    "affiliation_exists": "Kreatif ini sudah berafiliasi, diundang, atau sedang mengajukan",
    "affiliation_decision_not_yours": "Keputusan ini milik pihak lain",
    "creative_profile_required": "Kreatif ini belum memiliki profil",
    "owner_account_exists": (
        "Alamat ini sudah memiliki akun: pemilik mendaftarkan usahanya ke hub sendiri"
    ),
    "already_assisted": "Usaha ini sudah menjadi binaan hub ini",
    "assisted_business_not_found": "Usaha Anda tersebut tidak ditemukan",
    "account_already_claimed": "Akun ini sudah diklaim",
    "claim_email_required": (
        "Akun ini didaftarkan tanpa alamat email: kirim `email` bersama klaim"
    ),
    "hub_link_invalid": "Tautan atau kode tidak valid",
    "hub_link_expired": "Tautan atau kode sudah kedaluwarsa; minta yang baru ke hub Anda",
    "delegation_not_found": "Delegasi tidak ditemukan",
    "delegation_owner_not_found": "Tidak ada akun pemilik usaha dengan id atau alamat ini",
    "delegation_owner_required": "Sebutkan pemilik dengan `owner_user_id` atau `owner_email`",
    "delegation_expired": "Delegasi sudah kedaluwarsa; ajukan yang baru",
    "on_behalf_of_invalid": "X-On-Behalf-Of harus berisi id pengguna pemilik usaha",
    "not_delegable": "Tindakan ini tidak dapat dilakukan atas nama orang lain",
    "delegation_required": (
        "Anda tidak memegang delegasi aktif dari orang ini (atau tidak lagi bekerja di hubnya)"
    ),
    "delegation_scope_missing": "Delegasi pemilik tidak mencakup tindakan ini",
    "owner_claim_pending": (
        "Sebelum pemilik mengklaim akunnya, hanya draf yang dapat dibuat untuknya"
    ),
    "acting_required": "Hanya pendamping yang bertindak atas nama pemilik yang mengirim "
    "permintaan pembayaran",
    "milestone_not_payable": "Hanya milestone yang belum dibayar yang dapat dibayar",
    # Talent pools and training.
    "creative_not_affiliated": "Hanya kreator yang aktif berafiliasi dengan hub ini yang dapat "
    "dimasukkan ke kelompok talentanya",
    "invitee_not_in_pool": "Gig ini ditawarkan lebih dulu ke kelompok talenta; hanya anggotanya "
    "yang dapat diundang sampai saat itu",
    "pool_exclusive_window": "Gig ini ditawarkan lebih dulu ke kelompok talenta sebuah hub; "
    "nanti terbuka untuk semua",
    "pool_member_not_found": "Kreator ini tidak ada di kelompok talenta ini",
    "pool_not_found": "Kelompok talenta tidak ditemukan",
    "pool_slug_taken": "Hub ini sudah punya kelompok talenta dengan slug ini",
    "training_record_not_found": "Catatan pelatihan tidak ditemukan",
    # Impact reports.
    "impact_range_invalid": "`from` tidak boleh setelah `to`",
    "impact_range_too_long": "Laporan dampak mencakup paling lama 36 bulan",
    # Notifications.
    "notification_not_found": "Notifikasi tidak ditemukan",
    "notification_in_app_always_on": "Notifikasi di aplikasi tidak dapat dimatikan",
    "unsubscribe_token_invalid": "Tautan berhenti berlangganan ini tidak valid",
}

# pydantic error types (the `code` of a field error) -> message; `{...}` from the error's ctx.
FIELD_MESSAGES: dict[str, str] = {
    "missing": "Wajib diisi",
    "extra_forbidden": "Kolom ini tidak dikenal",
    "string_type": "Harus berupa teks",
    "string_too_short": "Minimal {min_length} karakter",
    "string_too_long": "Maksimal {max_length} karakter",
    "string_pattern_mismatch": "Formatnya tidak sesuai pola {pattern}",
    "int_type": "Harus berupa bilangan bulat",
    "int_parsing": "Harus berupa bilangan bulat",
    "int_from_float": "Harus berupa bilangan bulat",
    "float_type": "Harus berupa angka",
    "float_parsing": "Harus berupa angka",
    "bool_type": "Harus berupa true atau false",
    "bool_parsing": "Harus berupa true atau false",
    "greater_than": "Harus lebih besar dari {gt}",
    "greater_than_equal": "Harus lebih besar dari atau sama dengan {ge}",
    "less_than": "Harus lebih kecil dari {lt}",
    "less_than_equal": "Harus lebih kecil dari atau sama dengan {le}",
    "too_short": "Minimal {min_length} item",
    "too_long": "Maksimal {max_length} item",
    "list_type": "Harus berupa daftar",
    "dict_type": "Harus berupa objek",
    "model_type": "Harus berupa objek",
    "model_attributes_type": "Harus berupa objek",
    "enum": "Harus salah satu dari: {expected}",
    "literal_error": "Harus salah satu dari: {expected}",
    "uuid_type": "Harus berupa UUID",
    "uuid_parsing": "Harus berupa UUID yang valid",
    "date_type": "Harus berupa tanggal",
    "date_parsing": "Harus berupa tanggal (YYYY-MM-DD)",
    "date_from_datetime_parsing": "Harus berupa tanggal (YYYY-MM-DD)",
    "datetime_type": "Harus berupa tanggal dan waktu",
    "datetime_parsing": "Harus berupa tanggal dan waktu ISO 8601",
    "datetime_from_date_parsing": "Harus berupa tanggal dan waktu ISO 8601",
    "url_type": "Harus berupa URL",
    "url_parsing": "Harus berupa URL yang valid",
    "url_scheme": "Skema URL harus salah satu dari: {expected_schemes}",
    "value_error": "Nilainya tidak valid",
    "json_invalid": "JSON tidak valid",
    "json_type": "Harus berupa JSON",
    "unknown_parameter": "Parameter ini tidak dikenal",
}
