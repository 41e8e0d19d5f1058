// The media benchmark, driven by bench/media.sh against a running Release API (BASE, KEY, APP_PID).
// 1. First request of a 24-megapixel JPEG's w1280 WebP variant, next to sharp resizing the same bytes to 1280 wide
//    WebP in this process, alternating (sharp first in odd rounds); ratio of the medians.
// 2. Eight different 24-megapixel uploads at once, half with EXIF orientation 6: the API's peak RSS growth (VmRSS
//    sampled every 10 ms).
// Prints one JSON object.
import sharp from "sharp";
import { readFileSync } from "node:fs";

const base = process.env.BASE;
const key = process.env.KEY;
const pid = process.env.APP_PID;
const rounds = Number(process.env.ROUNDS ?? 5);
sharp.cache(false);
sharp.concurrency(2);

/** A phone-like 24 MP photo (6000x4000): smooth gradients and grain, JPEG q88, different for each seed; turned
 *  (EXIF orientation 6, as a portrait shot from a phone) when asked. */
async function photo(seed, turned = false) {
  const width = 6000, height = 4000;
  const grain = await sharp({ create: { width, height, channels: 3, noise: { type: "gaussian", mean: 120 + (seed % 40), sigma: 18 } } })
    .blur(0.8).raw().toBuffer();
  return sharp(grain, { raw: { width, height, channels: 3 } })
    .modulate({ hue: seed * 37 % 360 })
    .withMetadata(turned ? { orientation: 6 } : {})
    .jpeg({ quality: 88 }).toBuffer();
}

async function upload(bytes, name) {
  const form = new FormData();
  form.append("file", new Blob([bytes], { type: "image/jpeg" }), name);
  const response = await fetch(`${base}/api/v1/assets`, { method: "POST", body: form, headers: { Authorization: `Bearer ${key}` } });
  if (response.status !== 201) throw new Error(`upload ${response.status}: ${await response.text()}`);
  return response.json();
}

async function firstVariantMs(bytes, name) {
  const asset = await upload(bytes, name);
  const variant = asset.variants.find((v) => v.preset === "w1280" && v.format === "webp");
  const started = performance.now();
  const response = await fetch(`${base}${variant.url}`);
  const body = new Uint8Array(await response.arrayBuffer());
  const ms = performance.now() - started;
  if (response.status !== 200 || body.length === 0) throw new Error(`variant ${response.status}`);
  return ms;
}

async function sharpMs(bytes) {
  const started = performance.now();
  const out = await sharp(bytes).rotate().resize({ width: 1280 }).webp({ quality: 80 }).toBuffer();
  const ms = performance.now() - started;
  if (out.length === 0) throw new Error("sharp made nothing");
  return ms;
}

const rssKb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

// Warm both sides once (JIT, libvips start-up), on a photo not measured.
const warm = await photo(999);
await sharpMs(warm);
await firstVariantMs(warm, "warm.jpg");

const api = [], bare = [];
for (let round = 0; round < rounds; round++) {
  const bytes = await photo(round);
  if (round % 2 === 0) { bare.push(await sharpMs(bytes)); api.push(await firstVariantMs(bytes, `r${round}.jpg`)); }
  else { api.push(await firstVariantMs(bytes, `r${round}.jpg`)); bare.push(await sharpMs(bytes)); }
}

const eight = [];
// Half of them portrait shots that must be turned upright (a decode with random access, the costlier case).
for (let i = 0; i < 8; i++) eight.push(await photo(100 + i, i % 2 === 1));
const sizes = eight.map((b) => b.length);
const before = rssKb();
let peak = before;
const sampler = setInterval(() => { peak = Math.max(peak, rssKb()); }, 10);
const started = performance.now();
await Promise.all(eight.map((b, i) => upload(b, `eight-${i}.jpg`)));
const eightMs = performance.now() - started;
clearInterval(sampler);
peak = Math.max(peak, rssKb());

console.log(JSON.stringify({
  rounds, apiFirstMs: api, sharpMs: bare,
  apiMedianMs: median(api), sharpMedianMs: median(bare), ratio: median(api) / median(bare),
  eightUploadBytes: sizes, eightUploadsMs: eightMs, rssBeforeMb: before / 1024, rssPeakMb: peak / 1024, rssGrowthMb: (peak - before) / 1024,
}));
