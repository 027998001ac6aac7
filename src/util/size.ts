/** Sizes for people, in MiB as Cloudflare states its limits. */

const MIB = 1024 * 1024

/**
 * `25 MiB`, `61.2 MiB`. Close to `limit`, where one decimal would hide the difference that
 * decides, the bytes beside the limit: `25 MiB + 1 byte`, `10 MiB - 3,210 bytes`.
 */
export function formatMebibytes(bytes: number, limit?: number): string {
  const over = limit === undefined ? 0 : bytes - limit
  if (limit !== undefined && over !== 0 && Math.abs(over) < MIB / 20) {
    const count = Math.abs(over)
    return `${formatMebibytes(limit)} ${over > 0 ? '+' : '-'} ${count.toLocaleString('en-US')} byte${count === 1 ? '' : 's'}`
  }
  const mib = bytes / MIB
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`
}
