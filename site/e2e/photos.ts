// Test photos for the upload stories: a 12-megapixel JPEG as a phone makes it (ImageMagick's
// plasma fractal, which compresses like a real photo) with an EXIF block saying "rotate 90°"
// (Orientation 6) and where it was taken (GPS latitude), written here byte by byte.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** An APP1 "Exif" segment: IFD0 with Orientation and a GPS IFD with GPSLatitudeRef/GPSLatitude. */
export function exifSegment(orientation: number): Buffer {
  const tiff = Buffer.alloc(100);
  let o = 0;
  tiff.write('II', 0, 'ascii'); // little endian
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4); // IFD0 at 8
  o = 8;
  tiff.writeUInt16LE(2, o); // two entries
  // Orientation: SHORT, count 1, value inline
  tiff.writeUInt16LE(0x0112, o + 2);
  tiff.writeUInt16LE(3, o + 4);
  tiff.writeUInt32LE(1, o + 6);
  tiff.writeUInt16LE(orientation, o + 10);
  // GPSInfo pointer: LONG
  tiff.writeUInt16LE(0x8825, o + 14);
  tiff.writeUInt16LE(4, o + 16);
  tiff.writeUInt32LE(1, o + 18);
  tiff.writeUInt32LE(38, o + 22); // GPS IFD at 38
  tiff.writeUInt32LE(0, o + 26); // no next IFD
  o = 38;
  tiff.writeUInt16LE(2, o);
  tiff.writeUInt16LE(0x0001, o + 2); // GPSLatitudeRef ASCII "N\0"
  tiff.writeUInt16LE(2, o + 4);
  tiff.writeUInt32LE(2, o + 6);
  tiff.write('N\0', o + 10, 'ascii');
  tiff.writeUInt16LE(0x0002, o + 14); // GPSLatitude RATIONAL ×3 at 68
  tiff.writeUInt16LE(5, o + 16);
  tiff.writeUInt32LE(3, o + 18);
  tiff.writeUInt32LE(68, o + 22);
  tiff.writeUInt32LE(0, o + 26);
  o = 68;
  for (const [num, den] of [[39, 1], [54, 1], [2700, 100]]) {
    tiff.writeUInt32LE(num, o);
    tiff.writeUInt32LE(den, o + 4);
    o += 8;
  }
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), tiff.subarray(0, o)]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** A 4000 × 3000 JPEG (≈ 3.8 MB) taken "sideways" with a location; cached in .tmp. */
export function phonePhoto(dir: string): Buffer {
  const file = path.join(dir, 'phone-photo-4000x3000.jpg');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    const raw = path.join(dir, 'plasma-raw.jpg');
    execFileSync('convert', ['-size', '4000x3000', '-seed', '14', 'plasma:fractal', '-quality', '92', '-strip', raw]);
    const jpeg = fs.readFileSync(raw);
    fs.writeFileSync(file, Buffer.concat([jpeg.subarray(0, 2), exifSegment(6), jpeg.subarray(2)]));
  }
  return fs.readFileSync(file);
}

/** Width × height of an image, from ImageMagick. */
export function dimensions(bytes: Buffer): { width: number; height: number } {
  const out = execFileSync('identify', ['-format', '%w %h', '-'], { input: bytes }).toString().trim().split(' ');
  return { width: Number(out[0]), height: Number(out[1]) };
}
