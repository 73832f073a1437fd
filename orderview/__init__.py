"""The read model (CQRS): one denormalized row per order, the customer's "my page".

It has three names, each fixed by whoever reads it: `orderview` is the app and `rebuild_orderview` its command
(the names of the contract, docs/contract.md); `OrderStatusView` is the table and the classes built on it
(`OrderStatusViewSet`, `OrderStatusViewSerializer`); `/api/my-orders/` is the customer's URL, and so the
selector `my_orders` and the route's name `my-order`, which read the caller's own rows.
"""
