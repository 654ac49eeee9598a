// The owner/creative story against a live Pasar Kreatif (demo data loaded), through the
// generated client: sign in as both, post a gig, propose, accept, fund the milestone (sandbox),
// deliver, approve, read the payment, and read a typed error's `code`. Exits non-zero on any
// surprise.
//
//   PASAR_URL=http://127.0.0.1:8000 npm run story-script
import { randomUUID } from "node:crypto";
import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

const baseUrl = process.env.PASAR_URL ?? "http://127.0.0.1:8000";
const password = process.env.PASAR_DEMO_PASSWORD ?? "demo-pasar-2026";
const api = createClient<paths>({ baseUrl });

function must<T>(result: { data?: T; error?: unknown; response: Response }, what: string): T {
  if (result.data === undefined) {
    throw new Error(`${what}: ${result.response.status} ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

async function signIn(email: string): Promise<Record<string, string>> {
  // OAuth 2.0 password grant: a form post whose `username` is the email.
  const token = must(
    await api.POST("/v1/auth/token", {
      body: { grant_type: "password", username: email, password },
      bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    }),
    `sign in ${email}`,
  );
  return { Authorization: `Bearer ${token.access_token}` };
}

const owner = await signIn("sari.batik@demo.pasarkreatif.id");
const creative = await signIn("dimas.kemasan@demo.pasarkreatif.id");

const businesses = must(
  await api.GET("/v1/businesses", { params: { query: { mine: true } }, headers: owner }),
  "my businesses",
);
const business = businesses.data[0];
if (!business) throw new Error("the demo owner has no business");

const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
const gig = must(
  await api.POST("/v1/gigs", {
    headers: { ...owner, "Idempotency-Key": randomUUID() },
    body: {
      business_id: business.id,
      title: "Desain label kemasan batik tulis",
      description: "Label dan kotak kemasan untuk batik tulis, file siap cetak.",
      category: "packaging-design",
      skills: ["label-design"],
      budget_min_idr: 1_500_000,
      budget_max_idr: 2_500_000,
      deadline,
      work_mode: "remote",
      status: "open",
    },
  }),
  "post a gig",
);
console.log(`owner posted gig ${gig.id} (${gig.status})`);

const proposal = must(
  await api.POST("/v1/gigs/{gig_id}/proposals", {
    params: { path: { gig_id: gig.id } },
    headers: creative,
    body: {
      price_idr: 2_000_000,
      delivery_days: 10,
      cover_letter:
        "Saya sudah mendesain kemasan untuk 30 UMKM batik; contohnya ada di portofolio saya.",
    },
  }),
  "send a proposal",
);
const mine = must(
  await api.GET("/v1/proposals", { params: { query: { mine: true } }, headers: creative }),
  "my proposals",
);
if (!mine.data.some((p) => p.id === proposal.id)) throw new Error("proposal not in my list");
console.log(`creative proposed Rp${proposal.price_idr}`);

const contract = must(
  await api.POST("/v1/proposals/{proposal_id}/accept", {
    params: { path: { proposal_id: proposal.id } },
    headers: owner,
  }),
  "accept the proposal",
);
const milestone = contract.milestones[0];
if (!milestone) throw new Error("a contract starts with one milestone");
const path = { milestone_id: milestone.id };

const funding = must(
  await api.POST("/v1/milestones/{milestone_id}/fund", {
    params: { path },
    headers: owner,
    body: { method: "card" },
  }),
  "fund the milestone",
);
must(
  await api.POST("/v1/sandbox/payments/{payment_id}/succeed", {
    params: { path: { payment_id: funding.payment_id } },
    headers: owner,
  }),
  "complete the sandbox payment",
);
const delivered = must(
  await api.POST("/v1/milestones/{milestone_id}/submit", {
    params: { path },
    headers: creative,
    body: {
      note: "Desain final terlampir.",
      deliverable_urls: ["https://drive.google.com/drive/folders/label-batik"],
    },
  }),
  "deliver",
);
const released = must(
  await api.POST("/v1/milestones/{milestone_id}/approve", { params: { path }, headers: owner }),
  "approve",
);
console.log(`milestone: ${delivered.status} -> ${released.status} (Rp${released.released_idr})`);
if (released.status !== "released") throw new Error("the escrow was not released");

const payment = must(
  await api.GET("/v1/payments/{payment_id}", {
    params: { path: { payment_id: funding.payment_id } },
    headers: creative,
  }),
  "read the payment",
);
console.log(`payment ${payment.status}: Rp${payment.amount_idr}`);

// A typed error: the operation's documented codes are a union type.
type GigNotFound =
  paths["/v1/gigs/{gig_id}"]["get"]["responses"][404]["content"]["application/problem+json"];
const missing = await api.GET("/v1/gigs/{gig_id}", {
  params: { path: { gig_id: randomUUID() } },
  headers: { ...owner, "Accept-Language": "id" },
});
const problem = missing.error as GigNotFound | undefined;
const code: GigNotFound["code"] | undefined = problem?.code;
if (missing.response.status !== 404 || code !== "gig_not_found") {
  throw new Error(`expected 404 gig_not_found, got ${missing.response.status} ${code}`);
}
console.log(`unknown gig: ${missing.response.status} ${code} ("${problem?.title}")`);
console.log("owner/creative story: ok");
