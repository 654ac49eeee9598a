"""The kinds of notification, which outbox event makes each, who hears of it, and what it says.

One table (`KINDS`) holds each kind's texts (Indonesian and English; `{gig_title}`,
`{amount}` in rupiah and `{count}` are filled from the notification's params), whether it is
about money or a deadline (WhatsApp on by default), and its approved WhatsApp template. A
second (`EVENT_KINDS`) maps event types from app/core/event_types.py to a kind and the party
that must know.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.core.event_types import EventType
from app.models import NotificationKind
from app.reference.rupiah import format_rupiah


class Recipient(StrEnum):
    owner = "owner"  # the gig's owner
    creative = "creative"  # the creative of the proposal, invitation or contract
    both = "both"
    other_party = "other_party"  # of the two parties, whoever did not act
    respondent = "respondent"  # of a dispute: the party who did not open it
    reviewed = "reviewed"  # of a review: the person it is about


@dataclass(frozen=True)
class Text:
    title: str
    body: str


@dataclass(frozen=True)
class KindInfo:
    id: Text
    en: Text
    # About money or a deadline: WhatsApp is on by default for people with a phone number.
    urgent: bool
    # The template approved in Meta's WhatsApp Manager, and the params filling its {{1}}, {{2}}.
    whatsapp_template: str
    whatsapp_params: tuple[str, ...] = ("gig_title",)


K = NotificationKind
KINDS: dict[NotificationKind, KindInfo] = {
    K.proposal_received: KindInfo(
        Text("Proposal baru", "Ada proposal baru untuk gig \u201c{gig_title}\u201d ({amount})."),
        Text("New proposal", "A new proposal arrived for \u201c{gig_title}\u201d ({amount})."),
        False,
        "pk_proposal_received",
        ("gig_title", "amount"),
    ),
    K.proposal_shortlisted: KindInfo(
        Text(
            "Proposal masuk daftar pendek",
            "Proposal Anda untuk \u201c{gig_title}\u201d masuk daftar pendek.",
        ),
        Text("Proposal shortlisted", "Your proposal for \u201c{gig_title}\u201d was shortlisted."),
        False,
        "pk_proposal_shortlisted",
    ),
    K.proposal_accepted: KindInfo(
        Text(
            "Proposal diterima",
            "Proposal Anda untuk \u201c{gig_title}\u201d diterima. Kontrak sudah dibuat.",
        ),
        Text(
            "Proposal accepted",
            "Your proposal for \u201c{gig_title}\u201d was accepted. A contract was made.",
        ),
        True,
        "pk_proposal_accepted",
    ),
    K.proposal_declined: KindInfo(
        Text(
            "Proposal tidak dipilih", "Proposal Anda untuk \u201c{gig_title}\u201d tidak dipilih."
        ),
        Text("Proposal declined", "Your proposal for \u201c{gig_title}\u201d was not chosen."),
        False,
        "pk_proposal_declined",
    ),
    K.invitation_received: KindInfo(
        Text("Undangan gig", "Anda diundang mengirim proposal untuk \u201c{gig_title}\u201d."),
        Text("Gig invitation", "You are invited to send a proposal for \u201c{gig_title}\u201d."),
        False,
        "pk_invitation_received",
    ),
    K.message_received: KindInfo(
        Text("Pesan baru", "{count} pesan baru tentang \u201c{gig_title}\u201d."),
        Text("New messages", "{count} new message(s) about \u201c{gig_title}\u201d."),
        False,
        "pk_message_received",
    ),
    K.milestone_funded: KindInfo(
        Text(
            "Milestone didanai",
            "Dana {amount} untuk \u201c{gig_title}\u201d sudah ditahan di escrow. "
            "Silakan mulai bekerja.",
        ),
        Text(
            "Milestone funded",
            "{amount} for \u201c{gig_title}\u201d is held in escrow. You can start work.",
        ),
        True,
        "pk_milestone_funded",
        ("gig_title", "amount"),
    ),
    K.milestone_delivered: KindInfo(
        Text(
            "Hasil kerja dikirim",
            "Kreatif mengirim hasil kerja untuk \u201c{gig_title}\u201d. Silakan periksa.",
        ),
        Text(
            "Work delivered",
            "The creative delivered work for \u201c{gig_title}\u201d. Please review it.",
        ),
        True,
        "pk_milestone_delivered",
    ),
    K.milestone_changes_requested: KindInfo(
        Text("Revisi diminta", "Pemilik usaha meminta revisi untuk \u201c{gig_title}\u201d."),
        Text("Changes requested", "The owner asked for changes to \u201c{gig_title}\u201d."),
        False,
        "pk_milestone_changes_requested",
    ),
    K.milestone_paid: KindInfo(
        Text(
            "Milestone disetujui dan dibayar",
            "{amount} untuk \u201c{gig_title}\u201d sudah masuk ke saldo Anda.",
        ),
        Text(
            "Milestone approved and paid",
            "{amount} for \u201c{gig_title}\u201d is now in your balance.",
        ),
        True,
        "pk_milestone_paid",
        ("gig_title", "amount"),
    ),
    K.milestone_review_due: KindInfo(
        Text(
            "Periksa hasil kerja",
            "Hasil kerja \u201c{gig_title}\u201d akan disetujui otomatis dalam 3 hari "
            "({amount} dicairkan).",
        ),
        Text(
            "Review the delivered work",
            "The work for \u201c{gig_title}\u201d is approved automatically in 3 days "
            "({amount} released).",
        ),
        True,
        "pk_milestone_review_due",
        ("gig_title", "amount"),
    ),
    K.dispute_opened: KindInfo(
        Text(
            "Sengketa dibuka",
            "Sengketa dibuka untuk \u201c{gig_title}\u201d. Mohon beri tanggapan.",
        ),
        Text("Dispute opened", "A dispute was opened on \u201c{gig_title}\u201d. Please respond."),
        True,
        "pk_dispute_opened",
    ),
    K.dispute_answered: KindInfo(
        Text("Sengketa ditanggapi", "Pihak lain menanggapi sengketa \u201c{gig_title}\u201d."),
        Text(
            "Dispute answered", "The other party answered the dispute on \u201c{gig_title}\u201d."
        ),
        True,
        "pk_dispute_answered",
    ),
    K.dispute_resolved: KindInfo(
        Text("Sengketa diselesaikan", "Admin menyelesaikan sengketa \u201c{gig_title}\u201d."),
        Text("Dispute resolved", "An admin resolved the dispute on \u201c{gig_title}\u201d."),
        True,
        "pk_dispute_resolved",
    ),
    K.dispute_response_due: KindInfo(
        Text(
            "Tanggapan sengketa besok",
            "Batas tanggapan sengketa \u201c{gig_title}\u201d adalah besok.",
        ),
        Text(
            "Dispute response due tomorrow",
            "Your answer to the dispute on \u201c{gig_title}\u201d is due tomorrow.",
        ),
        True,
        "pk_dispute_response_due",
    ),
    K.payout_sent: KindInfo(
        Text("Pencairan dikirim", "Pencairan {amount} sudah dikirim ke rekening Anda."),
        Text("Payout sent", "A payout of {amount} was sent to your account."),
        True,
        "pk_payout_sent",
        ("amount",),
    ),
    K.review_published: KindInfo(
        Text("Ulasan baru", "Ulasan untuk \u201c{gig_title}\u201d sudah terbit."),
        Text("New review", "A review for \u201c{gig_title}\u201d was published."),
        False,
        "pk_review_published",
    ),
    K.gig_deadline_soon: KindInfo(
        Text(
            "Tenggat gig 2 hari lagi",
            "Tenggat \u201c{gig_title}\u201d 2 hari lagi dan belum ada proposal yang diterima.",
        ),
        Text(
            "Gig deadline in 2 days",
            "\u201c{gig_title}\u201d is due in 2 days and no proposal is accepted yet.",
        ),
        True,
        "pk_gig_deadline_soon",
    ),
}
del K

if set(KINDS) != set(NotificationKind):
    raise RuntimeError(f"Kinds without texts: {set(NotificationKind) - set(KINDS)}")

E, K = EventType, NotificationKind
EVENT_KINDS: dict[EventType, tuple[NotificationKind, Recipient]] = {
    E.proposal_submitted: (K.proposal_received, Recipient.owner),
    E.proposal_shortlisted: (K.proposal_shortlisted, Recipient.creative),
    E.proposal_accepted: (K.proposal_accepted, Recipient.creative),
    E.proposal_rejected: (K.proposal_declined, Recipient.creative),
    E.proposal_declined: (K.proposal_declined, Recipient.creative),
    E.invitation_created: (K.invitation_received, Recipient.creative),
    E.message_posted: (K.message_received, Recipient.other_party),
    E.milestone_funded: (K.milestone_funded, Recipient.creative),
    E.milestone_submitted: (K.milestone_delivered, Recipient.owner),
    E.milestone_changes_requested: (K.milestone_changes_requested, Recipient.creative),
    # Approval releases the money at once: the creative hears of both in one notification.
    E.milestone_released: (K.milestone_paid, Recipient.creative),
    E.milestone_review_due: (K.milestone_review_due, Recipient.owner),
    E.dispute_opened: (K.dispute_opened, Recipient.other_party),
    E.dispute_responded: (K.dispute_answered, Recipient.other_party),
    E.dispute_resolved: (K.dispute_resolved, Recipient.both),
    E.dispute_response_due: (K.dispute_response_due, Recipient.respondent),
    E.payout_paid: (K.payout_sent, Recipient.creative),
    E.review_published: (K.review_published, Recipient.reviewed),
    E.gig_deadline_approaching: (K.gig_deadline_soon, Recipient.owner),
}
del E, K


def render_text(kind: NotificationKind, locale: str, params: dict[str, object]) -> Text:
    """The kind's title and body in `locale` (Indonesian unless English), params filled in."""
    info = KINDS[kind]
    text = info.en if locale == "en" else info.id
    values = display_values(params)
    return Text(text.title.format_map(values), text.body.format_map(values))


def display_values(params: dict[str, object]) -> dict[str, str]:
    """Params as the texts show them: amounts in rupiah ("Rp2.500.000"), blanks for gaps."""
    values = _Blank({key: str(value) for key, value in params.items()})
    amount = params.get("amount_idr")
    if isinstance(amount, int):
        values["amount"] = format_rupiah(amount)
    values.setdefault("count", "1")
    return values


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "-"
