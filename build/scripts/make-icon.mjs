// Draws the app icon (a speech bubble on navy) as a 512×512 PNG with no image library, so the icon
// can be regenerated anywhere: `node build/scripts/make-icon.mjs`.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const pixels = Buffer.alloc(SIZE * (SIZE * 4 + 1));
const inRoundedSquare = (x, y, r) => {
  const cx = Math.min(Math.max(x, r), SIZE - r),
    cy = Math.min(Math.max(y, r), SIZE - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const inBubble = (x, y) => {
  const ex = (x - 256) / 170,
    ey = (y - 236) / 120;
  const tail = y > 300 && y < 400 && x > 150 && x < 230 && x - 150 < (400 - y) * 0.8;
  return ex * ex + ey * ey <= 1 || tail;
};
for (let y = 0; y < SIZE; y++) {
  const row = y * (SIZE * 4 + 1);
  pixels[row] = 0;
  for (let x = 0; x < SIZE; x++) {
    const at = row + 1 + x * 4;
    const color = !inRoundedSquare(x, y, 96) ? [0, 0, 0, 0] : inBubble(x, y) ? [255, 255, 255, 255] : [18, 48, 79, 255];
    const dot = [196, 256, 316].some((cx) => (x - cx) ** 2 + (y - 236) ** 2 <= 22 * 22);
    pixels.set(dot && inBubble(x, y) ? [47, 179, 68, 255] : color, at);
  }
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(pixels)),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../icons/icon.png', import.meta.url), png);
