import { ValidationError } from '../core/errors.js';
import { defineTask } from '../core/registry.js';
import { validate } from '../core/validate.js';

type OrderItem = { sku: string; quantity: number; unitPrice: number };
type Order = { orderId: string; items: OrderItem[] };

function parse(payload: unknown): Order {
  const body = validate.object(payload);
  const orderId = validate.string(body, 'orderId');
  const rawItems = validate.array(body, 'items');
  if (rawItems.length === 0) throw new ValidationError('items', 'expected at least one item');
  const items = rawItems.map((raw, index) => {
    const path = `items[${index}]`;
    const item = validate.object(raw, path);
    return {
      sku: validate.string(item, 'sku', `${path}.sku`),
      quantity: validate.number(item, 'quantity', `${path}.quantity`, { integer: true, min: 1 }),
      unitPrice: validate.number(item, 'unitPrice', `${path}.unitPrice`, { min: 0 }),
    };
  });
  return { orderId, items };
}

/** Total in cents, summed as integers so 0.1 + 0.2 stays 0.30. */
function orderTotal(items: readonly OrderItem[]): number {
  return items.reduce((cents, item) => cents + Math.round(item.unitPrice * 100) * item.quantity, 0) / 100;
}

const orderProcessingTask = defineTask({
  name: 'order_processing',
  parse,
  run: async (order, { log }) => {
    log.info('order processed', {
      orderId: order.orderId,
      items: order.items.length,
      total: orderTotal(order.items),
    });
  },
});

export { orderProcessingTask, orderTotal };
