/**
 * Groups the files to upload into `POST /pages/assets/upload` requests ("buckets"), largest
 * files first, within Cloudflare's per-request limits.
 */

/** Per-request limits of the upload endpoint. */
export interface BucketLimits {
  /** Sum of the files' sizes (before base64) in one request. */
  maxBytes: number
  maxFiles: number
}

/** 40 MiB and 2,000 files per request, as wrangler sends them. */
export const DEFAULT_BUCKET_LIMITS: BucketLimits = {
  maxBytes: 40 * 1024 * 1024,
  maxFiles: 2_000
}

/** What the planner needs to know about a file. */
export interface SizedAsset {
  hash: string
  size: number
}

/** One upload request's worth of files. */
export interface Bucket<T extends SizedAsset> {
  files: T[]
  /** Sum of the files' sizes. */
  bytes: number
}

/**
 * Plans the buckets: each file once (the first of several with the same hash, since content is
 * stored by hash), largest first, in the first bucket with room for it ("first fit
 * decreasing"), so that big files spread over the first buckets and tiny ones fill the gaps.
 * A file larger than `maxBytes` gets a bucket of its own rather than being dropped.
 * Pure and deterministic: equal sizes are ordered by hash.
 */
export function planBuckets<T extends SizedAsset>(
  files: readonly T[],
  limits: BucketLimits = DEFAULT_BUCKET_LIMITS
): Array<Bucket<T>> {
  if (limits.maxFiles < 1 || limits.maxBytes < 1) throw new Error('bucket limits must be positive')
  const seen = new Set<string>()
  const unique: T[] = []
  for (const file of files) {
    if (seen.has(file.hash)) continue
    seen.add(file.hash)
    unique.push(file)
  }
  unique.sort((a, b) => b.size - a.size || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0))

  const buckets: Array<Bucket<T>> = []
  // Buckets that still have room for another file; full ones leave the list so that many
  // tiny files do not scan every bucket each time.
  const open: Array<Bucket<T>> = []
  for (const file of unique) {
    const index = open.findIndex((b) => b.bytes + file.size <= limits.maxBytes)
    let bucket = index >= 0 ? open[index] : undefined
    if (!bucket) {
      bucket = { files: [], bytes: 0 }
      buckets.push(bucket)
      open.push(bucket)
    }
    bucket.files.push(file)
    bucket.bytes += file.size
    if (bucket.files.length >= limits.maxFiles || bucket.bytes >= limits.maxBytes) {
      open.splice(open.indexOf(bucket), 1)
    }
  }
  return buckets
}
