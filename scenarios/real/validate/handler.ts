// Example workload: validates a JSON order request against a valibot schema and answers the parsed order or its issues.
import * as v from 'valibot'

const Item = v.object({
  sku: v.pipe(v.string(), v.regex(/^[A-Z]{3}-\d{4}$/)),
  quantity: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)),
  unitPrice: v.pipe(v.number(), v.minValue(0)),
})

const Order = v.object({
  id: v.pipe(v.string(), v.uuid()),
  customer: v.object({
    email: v.pipe(v.string(), v.email()),
    name: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  }),
  items: v.pipe(v.array(Item), v.minLength(1)),
  coupon: v.optional(v.pipe(v.string(), v.maxLength(32))),
  placedAt: v.pipe(v.string(), v.isoTimestamp()),
})

type OrderInput = v.InferInput<typeof Order>

export default function handler(input: { order: OrderInput; bad?: unknown }) {
  const valid = v.safeParse(Order, input.order)
  const invalid = v.safeParse(Order, input.bad)
  return {
    ok: valid.success,
    total: valid.success ? valid.output.items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0) : null,
    issues: invalid.success ? [] : invalid.issues.map((issue) => ({ path: v.getDotPath(issue), message: issue.message })),
  }
}
