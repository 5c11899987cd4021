import type Sharp from 'sharp';
import type { ImageOptimizer, OptimizedImage } from '../../application/catalog/catalog.ports';

const MAX_SIDE = 800;

/**
 * Downscales to at most 800 px on the long side (Lanczos) and re-encodes: JPEG quality 85 on a
 * white background, PNG where transparency must survive; animated GIFs pass through. The smaller
 * of optimised and original is kept. Anything sharp cannot decode is not an image.
 */
export class SharpImageOptimizer implements ImageOptimizer {
  async optimize(bytes: Buffer): Promise<OptimizedImage | null> {
    // libvips is loaded with the first uploaded image, not at start-up.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- on first use, not import(): server-bundle.ts
    const sharp = require('sharp') as typeof Sharp;
    let meta: Sharp.Metadata;
    try {
      meta = await sharp(bytes, { limitInputPixels: 50_000_000 }).metadata();
    } catch {
      return null;
    }
    if (!meta.format || !['jpeg', 'png', 'gif', 'webp'].includes(meta.format)) return null;
    // The stored extension follows the real format, whatever the file name claimed.
    const original: OptimizedImage = { bytes, extension: `.${meta.format === 'jpeg' ? 'jpg' : meta.format}`, optimized: false };
    if (meta.format === 'gif' && (meta.pages ?? 1) > 1) return original;
    try {
      const keepAlpha = Boolean(meta.hasAlpha) && meta.format !== 'jpeg';
      const pipeline = sharp(bytes)
        .rotate()
        .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true, kernel: 'lanczos3' });
      const out = keepAlpha
        ? await pipeline.png({ compressionLevel: 9 }).toBuffer()
        : await pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 85, mozjpeg: true }).toBuffer();
      if (out.length < bytes.length) return { bytes: out, extension: keepAlpha ? '.png' : '.jpg', optimized: true };
      return original;
    } catch {
      return original;
    }
  }
}
