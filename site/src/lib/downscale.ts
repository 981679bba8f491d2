// Photos are made small in the browser before they go up (DESIGN §7: ≤ 2,000 px): drawn turned
// the right way up (EXIF orientation applied by createImageBitmap) onto a canvas at most 2,000 px
// on its longest side, and saved as JPEG at quality 0.85, so a 12-megapixel photo goes up as a few
// hundred KB. Re-encoding keeps only the pixels: EXIF, with its location, stays behind.
// GIFs (may be animated) and PDFs go up as they are; so does anything the browser cannot decode
// (the server still recognises every file from its bytes). Loaded only when a file is picked.

export const MAX_SIDE = 2000;
export const QUALITY = 0.85;
const ALWAYS = /^image\/(jpeg|webp)$/; // camera formats: may carry location, always re-encoded
const IF_LARGE = /^image\/png$/; // screenshots: re-encoded only when large

export async function prepareUpload(file: File): Promise<File> {
  const type = file.type;
  if (!ALWAYS.test(type) && !IF_LARGE.test(type)) return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file;
  }
  try {
    const longest = Math.max(bitmap.width, bitmap.height);
    if (IF_LARGE.test(type) && longest <= MAX_SIDE && file.size <= 1024 * 1024) return file;
    const scale = Math.min(1, MAX_SIDE / longest);
    const w = Math.max(1, Math.round(bitmap.width * scale));
    const h = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d');
    if (!ctx) return file;
    ctx.fillStyle = '#fff'; // a transparent PNG becomes a JPEG on white, not black
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(bitmap, 0, 0, w, h);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
    if (!blob) return file;
    const stem = file.name.replace(/\.[^.]*$/, '') || '照片';
    return new File([blob], stem + '.jpg', { type: 'image/jpeg', lastModified: file.lastModified });
  } finally {
    bitmap.close();
  }
}
