/**
 * The content type an asset is served with, from the same MIME database and version wrangler
 * 4.86 uses (mime 3.0.0), so a file is served exactly as `wrangler pages deploy` would serve it.
 * Assets are stored by content hash: a file uploaded earlier with another type keeps it until
 * its content changes.
 */
import mime from 'mime'

/** `relativePath` with `/` separators, as wrangler passes it (`sub/a.css`; `json` → JSON). */
export function contentTypeFor(relativePath: string): string {
  return mime.getType(relativePath) ?? 'application/octet-stream'
}
