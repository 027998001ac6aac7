/** Upload requests stay within Cloudflare's limits, whatever mix of files the site has. */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { DEFAULT_BUCKET_LIMITS, planBuckets, type SizedAsset } from '../src/upload/buckets.js'

const MiB = 1024 * 1024

function asset(i: number, size: number): SizedAsset {
  return { hash: i.toString(16).padStart(32, '0'), size }
}

describe('planBuckets', () => {
  it('plans nothing for nothing', () => {
    expect(planBuckets([])).toEqual([])
  })

  it('puts a file of exactly 25 MiB in a bucket, and a second one in another', () => {
    const buckets = planBuckets([asset(1, 25 * MiB), asset(2, 25 * MiB), asset(3, 10)])
    expect(buckets.map((b) => b.files.map((f) => f.size))).toEqual([[25 * MiB, 10], [25 * MiB]])
  })

  it('fills buckets up to exactly 40 MiB', () => {
    const buckets = planBuckets([asset(1, 20 * MiB), asset(2, 20 * MiB), asset(3, 1)])
    expect(buckets.map((b) => b.bytes)).toEqual([40 * MiB, 1])
  })

  it('splits many tiny files into buckets of 2,000', () => {
    const files = Array.from({ length: 5_001 }, (_, i) => asset(i, 100))
    const buckets = planBuckets(files)
    expect(buckets.map((b) => b.files.length)).toEqual([2_000, 2_000, 1_001])
  })

  it('sends the largest files first', () => {
    const buckets = planBuckets([asset(1, 5), asset(2, 30 * MiB), asset(3, 7), asset(4, 12 * MiB)])
    expect(buckets[0]?.files.map((f) => f.size)).toEqual([30 * MiB, 7, 5])
    expect(buckets[1]?.files.map((f) => f.size)).toEqual([12 * MiB])
  })

  it('sends content shared by several files once', () => {
    const same = asset(1, 10)
    const buckets = planBuckets([same, { ...same }, asset(2, 10)])
    expect(buckets.flatMap((b) => b.files.map((f) => f.hash))).toEqual([
      same.hash,
      asset(2, 0).hash
    ])
  })

  it('gives a file over the limit a bucket of its own', () => {
    const buckets = planBuckets([asset(1, 3), asset(2, 50)], { maxBytes: 10, maxFiles: 10 })
    expect(buckets.map((b) => b.files.length)).toEqual([1, 1])
  })

  it('keeps every file exactly once and every bucket within the limits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 25 * MiB }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 50 }),
        (sizes, maxFiles) => {
          const files = sizes.map((size, i) => asset(i, size))
          const limits = { maxBytes: DEFAULT_BUCKET_LIMITS.maxBytes, maxFiles }
          const buckets = planBuckets(files, limits)
          const planned = buckets.flatMap((b) => b.files.map((f) => f.hash)).sort()
          expect(planned).toEqual(files.map((f) => f.hash).sort())
          for (const bucket of buckets) {
            expect(bucket.files.length).toBeGreaterThan(0)
            expect(bucket.files.length).toBeLessThanOrEqual(maxFiles)
            expect(bucket.bytes).toBeLessThanOrEqual(limits.maxBytes)
            expect(bucket.bytes).toBe(bucket.files.reduce((sum, f) => sum + f.size, 0))
          }
        }
      ),
      { numRuns: 200 }
    )
  })
})
