/** `mtls_certificates`: client certificates for mTLS. */
import type { SectionReader } from './section-reader.js'

export function readMtlsCertificates(reader: SectionReader): void {
  const example = reader.checks.inline({ binding: 'CERT', certificate_id: '<certificate id>' })
  for (const entry of reader.entries(
    'mtls_certificates',
    reader.section.mtls_certificates,
    example
  )) {
    const id = entry.required(
      'certificate_id',
      'Add "certificate_id" with the id of the uploaded mTLS certificate.'
    )
    entry.expectOnly(['binding', 'certificate_id', 'remote'])
    if (!entry.valid || entry.name === undefined || id === undefined) continue
    reader.bindings.push({ name: entry.name, type: 'mtls_certificate', certificate_id: id })
  }
}
