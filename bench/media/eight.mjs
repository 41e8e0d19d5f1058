// Eight different 24-megapixel uploads at once against BASE, after one warm-up upload; prints the peak RSS growth of
// APP_PID in MB (VmRSS sampled every 10 ms). TURN: half (every second one has EXIF orientation 6), all or none.
// Driven by bench/media-uploads.sh.
import sharp from "sharp";
import { readFileSync } from "node:fs";

const base = process.env.BASE, key = process.env.KEY, pid = process.env.APP_PID;
const seed = Number(process.env.SEED ?? 0), turn = process.env.TURN ?? "half";

async function photo(seed, turned) {
  const width = 6000, height = 4000;
  const grain = await sharp({ create: { width, height, channels: 3, noise: { type: "gaussian", mean: 120 + (seed % 40), sigma: 18 } } })
    .blur(0.8).raw().toBuffer();
  return sharp(grain, { raw: { width, height, channels: 3 } }).modulate({ hue: seed * 37 % 360 })
    .withMetadata(turned ? { orientation: 6 } : {}).jpeg({ quality: 88 }).toBuffer();
}

async function upload(bytes, name) {
  const form = new FormData();
  form.append("file", new Blob([bytes], { type: "image/jpeg" }), name);
  const response = await fetch(`${base}/api/v1/assets`, { method: "POST", body: form, headers: { Authorization: `Bearer ${key}` } });
  if (response.status !== 201) throw new Error(`upload ${response.status}: ${await response.text()}`);
}

const rssKb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]);
await upload(await photo(seed + 50, true), "warm.jpg");
const eight = [];
for (let i = 0; i < 8; i++) eight.push(await photo(seed + i, turn === "all" || (turn === "half" && i % 2 === 1)));
const before = rssKb();
let peak = before;
const sampler = setInterval(() => { peak = Math.max(peak, rssKb()); }, 10);
await Promise.all(eight.map((bytes, i) => upload(bytes, `eight-${i}.jpg`)));
clearInterval(sampler);
console.log(((Math.max(peak, rssKb()) - before) / 1024).toFixed(0));
