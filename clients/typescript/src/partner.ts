// A partner app's first steps against a live Pasar Kreatif, through the generated client:
// an app token (client_credentials), public gigs and categories, the event feed, and a
// typed error. Exits non-zero on any surprise.
//
//   PASAR_URL=http://127.0.0.1:8000 PASAR_CLIENT_ID=... PASAR_CLIENT_SECRET=... \
//     npm run partner-script
import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const baseUrl = process.env.PASAR_URL ?? "http://127.0.0.1:8000";
const clientId = required("PASAR_CLIENT_ID");
const clientSecret = required("PASAR_CLIENT_SECRET");
const api = createClient<paths>({ baseUrl });

const basic = Buffer.from(`${clientId}:${clientSecret}`).toString("base64");
const token = await api.POST("/v1/auth/token", {
  body: { grant_type: "client_credentials", scope: "gigs:read webhooks:manage" },
  bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
  headers: {
    Authorization: `Basic ${basic}`,
    "Content-Type": "application/x-www-form-urlencoded",
  },
});
if (!token.data) throw new Error(`token request failed: ${JSON.stringify(token.error)}`);
console.log(`app token: scope "${token.data.scope}", expires in ${token.data.expires_in} s`);
const auth = { Authorization: `Bearer ${token.data.access_token}` };

const gigs = await api.GET("/v1/gigs", { params: { query: { limit: 5 } }, headers: auth });
if (!gigs.data) throw new Error(`listing gigs failed: ${JSON.stringify(gigs.error)}`);
for (const gig of gigs.data.data) {
  console.log(`gig: ${gig.title} (Rp${gig.budget_min_idr}–Rp${gig.budget_max_idr})`);
}
console.log(`rate limit: ${gigs.response.headers.get("RateLimit-Remaining")} left of ` +
  `${gigs.response.headers.get("RateLimit-Limit")}`);

const categories = await api.GET("/v1/categories", { headers: auth });
if (!categories.data) throw new Error("listing categories failed");
console.log(`categories: ${categories.data.data.length}`);

const events = await api.GET("/v1/events", { params: { query: { limit: 10 } }, headers: auth });
if (!events.data) throw new Error(`polling events failed: ${JSON.stringify(events.error)}`);
console.log(`events visible to the app: ${events.data.data.length}, next_after ` +
  `${events.data.next_after ?? "(none yet)"}`);

// An app token has no user behind it: user endpoints answer a typed problem.
const me = await api.GET("/v1/me", { headers: auth });
// Each error status is documented as `Problem` under application/problem+json with `code`
// narrowed to the operation's codes; the cast names this status's own problem type.
type MeProblem = paths["/v1/me"]["get"]["responses"][403]["content"]["application/problem+json"];
const problem = me.error as MeProblem | undefined;
if (me.response.status !== 403 || problem?.code !== "insufficient_scope") {
  throw new Error(`expected 403 insufficient_scope from /v1/me, got ${me.response.status}`);
}
console.log(`/v1/me with an app token: ${me.response.status} ${problem.code}`);
console.log("partner script: ok");
