// json: CPU-bound JSON round trip: builds a document of input.items records (default 2000),
// serializes and parses it, and answers with its size. Uses only the language.
export default function handler(input) {
  const items = input && Number.isInteger(input.items) ? input.items : 2000
  const doc = { items: [] }
  for (let i = 0; i < items; i++) {
    doc.items.push({ id: i, name: `item-${i}`, tags: ['a', 'b', String(i % 7)], price: i * 1.25, nested: { ok: i % 2 === 0 } })
  }
  const text = JSON.stringify(doc)
  const back = JSON.parse(text)
  return { bytes: text.length, items: back.items.length }
}
