// A newsroom's editorial flow, written as a frontend team would against the client generated from openapi.yaml:
// no casts, no `any`. `npm run check` regenerates the types and type-checks this file under `strict`; the
// lines marked ts-expect-error are mistakes the contract must keep refusing (tsc fails if one starts to compile).
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/cms";

type Article = components["schemas"]["ArticleResponse"];
type Problem = components["schemas"]["ApiProblem"];
type ArticleStatus = components["schemas"]["ArticleStatus"];
type RevisionField = components["schemas"]["RevisionField"];
type Collection = components["schemas"]["CollectionResponse"];
type CollectionKind = components["schemas"]["CollectionKind"];
type ArrangementState = components["schemas"]["ArrangementState"];
type LiveUpdate = components["schemas"]["LiveUpdateResponse"];

export function connect(baseUrl: string, key: string) {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${key}` } });
}

type Cms = ReturnType<typeof connect>;

/** What an editor sees when a save fails, by the problem's typed code. */
export function explain(problem: Problem): string {
  switch (problem.code) {
    case "version_mismatch":
      return `Someone else saved first (now ${problem.currentETag ?? "unknown"}); reload before saving again.`;
    case "validation_failed":
      return Object.entries(problem.errors ?? {})
        .map(([field, messages]) => `${field}: ${messages.join(" ")}`)
        .join("\n");
    case "author_in_use":
      return `Still credited on ${problem.articleCount ?? 0} articles.`;
    case "precondition_required":
      return "Read the story first: saving needs its ETag.";
    default:
      return problem.detail;
  }
}

/** Files a story as a draft with its original (WIB) time, publishes it, and lists its primary tag's stories. */
export async function fileAndPublish(cms: Cms, reporterId: string, tagId: string): Promise<Article> {
  const created = await cms.POST("/api/v1/articles", {
    body: {
      title: "Presiden Rusia, Vladimir Putin, Tiba di Pyongyang",
      body: "Presiden Rusia tiba di Pyongyang pada Rabu dini hari.",
      publishedAt: "2024-06-19T12:04:00+07:00",
      featureImage: { url: "https://images.example.com/putin.jpg", credit: "Presiden Rusia, Vladimir Putin/Net" },
      authors: [{ authorId: reporterId, role: "reporter" }],
      tags: [{ tagId }],
    },
  });
  if (created.error) {
    throw new Error(explain(created.error));
  }
  const etag = created.response.headers.get("ETag") ?? "*";

  const published = await cms.POST("/api/v1/articles/{id}/publish", {
    params: { path: { id: created.data.id }, header: { "If-Match": etag } },
  });
  if (published.error) {
    throw new Error(explain(published.error));
  }
  const status: ArticleStatus = published.data.status;
  const primary = published.data.tags[0]?.slug;

  const more = await cms.GET("/api/v1/articles", {
    params: { query: { tag: primary ? [primary] : [], status: "published", sort: "-publishedAt", pageSize: 5 } },
  });
  if (more.error) {
    throw new Error(explain(more.error));
  }
  // The newsroom's own clock (WIB) and the frontend's page, both absent until there is one.
  const titles = more.data.data.map((story) => `${story.title} (${story.publishedAtLocal ?? "undated"}, ${story.url ?? "no page"})`);
  const total = more.data.meta.totalItems ?? titles.length;
  console.log(`${status}: ${published.data.title}; ${total} in ${primary ?? "no tag"}: ${titles.join(", ")}`);
  return published.data;
}

/** Edits the subtitle with the ETag last read; a stale one is reported, not overwritten. */
export async function editSubtitle(cms: Cms, article: Article, etag: string, subtitle: string): Promise<string> {
  const patched = await cms.PATCH("/api/v1/articles/{id}", {
    params: { path: { id: article.id }, header: { "If-Match": etag } },
    body: { subtitle, featureImage: { alt: "Presiden Rusia di Bandara Pyongyang" } },
    headers: { "Content-Type": "application/merge-patch+json" },
  });
  if (patched.error) {
    return explain(patched.error);
  }
  return patched.data.subtitle ?? "";
}

/** Takes a reporter's X handle off their profile: a merge patch removes one entry of a map with null. */
export async function dropHandle(cms: Cms, authorId: string, etag: string): Promise<string | undefined> {
  const patched = await cms.PATCH("/api/v1/authors/{id}", {
    params: { path: { id: authorId }, header: { "If-Match": etag } },
    body: { socials: { x: null } },
    headers: { "Content-Type": "application/merge-patch+json" },
  });
  return patched.error ? explain(patched.error) : patched.data.socials["instagram"];
}

/** Shows who changed what in a story's last save, and puts back the text before it. */
export async function undoLastEdit(cms: Cms, article: Article, etag: string): Promise<string> {
  const list = await cms.GET("/api/v1/articles/{id}/revisions", { params: { path: { id: article.id } } });
  if (list.error) {
    return explain(list.error);
  }
  const [last] = list.data.data;
  if (!last) {
    return "no revisions";
  }
  const diff = await cms.GET("/api/v1/articles/{id}/revisions/{number}/diff", {
    params: { path: { id: article.id, number: last.number } },
  });
  if (diff.error) {
    return explain(diff.error);
  }
  const changed: RevisionField[] = diff.data.changed;
  const lines = diff.data.body.map((line) => `${line.change === "inserted" ? "+" : line.change === "deleted" ? "-" : " "} ${line.text}`);
  if (diff.data.from === null) {
    return "nothing to undo";
  }
  const restored = await cms.POST("/api/v1/articles/{id}/revisions/{number}/restore", {
    params: { path: { id: article.id, number: diff.data.from }, header: { "If-Match": etag } },
  });
  if (restored.error) {
    return explain(restored.error);
  }
  return `${last.keyName ?? "unknown"} changed ${changed.join(", ")}:\n${lines.join("\n")}\nnow ${restored.data.status}`;
}

/**
 * Arranges the homepage with the ETag of its read: the story pinned on top now, and tomorrow's lead scheduled for 06:00
 * WIB; then reads it as readers will, with only the fields a headline strip needs.
 */
export async function arrangeHomepage(cms: Cms, articleId: string, tomorrowId: string): Promise<Collection> {
  const read = await cms.GET("/api/v1/collections/{slug}", { params: { path: { slug: "utama" } } });
  if (read.error) {
    throw new Error(explain(read.error));
  }
  const etag = read.response.headers.get("ETag") ?? "*";
  const placed = await cms.PUT("/api/v1/collections/{slug}/items/{articleId}", {
    params: { path: { slug: "utama", articleId }, header: { "If-Match": etag } },
    body: { position: 1, pinned: true },
  });
  if (placed.error) {
    throw new Error(explain(placed.error));
  }
  const kind: CollectionKind = placed.data.kind;
  const pins = (placed.data.chosen ?? []).map((item) => `${item.articleId}${item.pinned ? " (pinned)" : ""}`);
  const scheduled = await cms.POST("/api/v1/collections/{slug}/arrangements", {
    params: { path: { slug: "utama" } },
    body: { effectiveAt: "2024-06-20T06:00:00+07:00", items: [{ articleId: tomorrowId, pinned: true }] },
  });
  if (scheduled.error) {
    throw new Error(explain(scheduled.error));
  }
  const state: ArrangementState = scheduled.data.state;
  const strip = await cms.GET("/api/v1/collections/{slug}", {
    params: { path: { slug: "utama" }, query: { fields: "title,url,publishedAtLocal" } },
  });
  if (strip.error) {
    throw new Error(explain(strip.error));
  }
  const headlines = placed.data.items.map((story) => `${story.title} (${story.publishedAtLocal ?? "undated"})`);
  console.log(`${kind} ${placed.data.name}: ${headlines.join(", ")}; chosen ${pins.join(", ")}; ${state} at ${scheduled.data.effectiveAt}`);
  return placed.data;
}

/**
 * A live story: the coverage started, an update posted and pinned, then what a page polling every few seconds asks for
 * (only what changed after the last sequence it saw).
 */
export async function postLiveUpdate(cms: Cms, articleId: string, reporterId: string): Promise<LiveUpdate> {
  const started = await cms.POST("/api/v1/articles/{id}/coverage/start", { params: { path: { id: articleId } } });
  if (started.error) {
    throw new Error(explain(started.error));
  }
  const since: number = started.data.lastSequence;
  const posted = await cms.POST("/api/v1/articles/{id}/updates", {
    params: { path: { id: articleId } },
    body: { headline: "Putin tiba di Jakarta", body: "Pesawat mendarat pukul **12.04 WIB**.", authors: [reporterId] },
  });
  if (posted.error) {
    throw new Error(explain(posted.error));
  }
  const pinned = await cms.POST("/api/v1/articles/{id}/updates/{updateId}/pin", {
    params: { path: { id: articleId, updateId: posted.data.id } },
  });
  if (pinned.error) {
    throw new Error(explain(pinned.error));
  }
  const poll = await cms.GET("/api/v1/articles/{id}/updates", { params: { path: { id: articleId }, query: { after: since } } });
  if (poll.error) {
    throw new Error(explain(poll.error));
  }
  const lines = poll.data.items.map((u) => `${u.publishedAtLocal} ${u.headline ?? ""}${u.pinned ? " (pinned)" : ""}`);
  console.log(`${lines.join("; ")}; gone ${poll.data.deleted.join(", ")}; next after=${poll.data.lastSequence}`);
  return pinned.data;
}

/** Mistakes a typed client must not be able to make. */
/** The newsroom app's start: sign in, then every write of the session carries the CSRF token it was given. */
export async function signInAndWrite(baseUrl: string, email: string, password: string): Promise<Article | undefined> {
  const anonymous = createClient<paths>({ baseUrl, credentials: "include" });
  const { data: session, error } = await anonymous.POST("/api/v1/session", { body: { email, password } });
  if (error) {
    // Comparing with a code the contract does not list would not compile.
    return error.code === "account_locked" || error.code === "sign_in_failed" ? undefined : undefined;
  }
  const role: "reader" | "writer" | "editor" | "admin" = session.person.role;
  void role;
  const app = createClient<paths>({ baseUrl, credentials: "include", headers: { "X-CSRF-Token": session.csrfToken } });
  const { data } = await app.POST("/api/v1/articles", { body: { title: "Draf dari redaksi", authors: session.person.authorId
    ? [{ authorId: session.person.authorId, role: "reporter" }] : [] } });
  return data;
}

/** An admin invites a reporter and hands on the link; the link's kind says what it does. */
export async function inviteReporter(cms: Cms, email: string): Promise<string | undefined> {
  const { data } = await cms.POST("/api/v1/people", { body: { email, name: "Dewi Lestari", role: "writer" } });
  const kind: "invitation" | "reset" | undefined = data?.link?.kind;
  void kind;
  return data?.link?.url;
}

export async function refusedByTheCompiler(cms: Cms, article: Article): Promise<void> {
  // @ts-expect-error a misspelt status is not one of the enum's values
  await cms.GET("/api/v1/articles", { params: { query: { status: "publishd" } } });
  // @ts-expect-error a title cannot be null
  await cms.POST("/api/v1/articles", { body: { title: null } });
  // @ts-expect-error a create needs a title
  await cms.POST("/api/v1/articles", { body: { subtitle: "no title" } });
  // @ts-expect-error a patch needs If-Match
  await cms.PATCH("/api/v1/articles/{id}", { params: { path: { id: article.id } }, body: { subtitle: "x" } });
  // @ts-expect-error a patch cannot null the title
  await cms.PATCH("/api/v1/articles/{id}", { params: { path: { id: article.id }, header: { "If-Match": "*" } }, body: { title: null } });
  // @ts-expect-error a byline names its author
  await cms.POST("/api/v1/articles", { body: { title: "t", authors: [{ role: "reporter" }] } });
  // @ts-expect-error a role is one of reporter, editor, photographer, contributor
  await cms.POST("/api/v1/articles", { body: { title: "t", authors: [{ authorId: article.id, role: "writer" }] } });
  // @ts-expect-error restoring a revision needs If-Match
  await cms.POST("/api/v1/articles/{id}/revisions/{number}/restore", { params: { path: { id: article.id, number: 1 } } });
  // @ts-expect-error a revision's fields are the article's
  const field: RevisionField = "wordCount";
  void field;
  // @ts-expect-error placing a story in a collection needs If-Match
  await cms.PUT("/api/v1/collections/{slug}/items/{articleId}", { params: { path: { slug: "utama", articleId: article.id } }, body: { position: 1 } });
  // @ts-expect-error a collection's kind is manual, automatic or mostRead
  await cms.POST("/api/v1/collections", { body: { name: "Terpopuler", kind: "popular", capacity: 5 } });
  // @ts-expect-error a most-read window is 1h, 24h or 7d
  await cms.POST("/api/v1/collections", { body: { name: "Terpopuler", kind: "mostRead", capacity: 5, window: "2d" } });
  // @ts-expect-error an update's body is required
  await cms.POST("/api/v1/articles/{id}/updates", { params: { path: { id: article.id } }, body: { headline: "no body" } });
  // @ts-expect-error editing an update needs If-Match
  await cms.PUT("/api/v1/articles/{id}/updates/{updateId}", { params: { path: { id: article.id, updateId: article.id } }, body: { body: "x" } });
  // @ts-expect-error people sign in with writer, editor or admin roles only through a known enum
  await cms.POST("/api/v1/people", { body: { email: "x@example.com", name: "X", role: "owner" } });
  // @ts-expect-error signing in needs a password
  await cms.POST("/api/v1/session", { body: { email: "x@example.com" } });
  // @ts-expect-error a problem's code is one of the documented codes
  const unknown: Problem["code"] = "stale_etag";
  void unknown;
}

/** A lead photo as read always has its url: no null check needed before building the img tag. */
export function leadImageTag(article: Article): string {
  const image = article.featureImage;
  const src: string | undefined = image?.url;
  return image && src ? `<img src="${src}" alt="${image.alt ?? ""}">` : "";
}
