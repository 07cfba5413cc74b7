"""A local OpenStack-compatible cloud: Keystone v3, Nova v2.1, Glance v2, Neutron v2.0,
Cinder v3 and Swift v1 on one loopback port, with state in SQLite and files.

It imports nothing from the client side of ostack; the two meet only over HTTP (see
docs/contracts.md; how the services fit together: docs/localcloud-internals.md). Start it with
`python -m ostack.localcloud serve` (foreground) or `ostack.localcloud.control.start()`
(background).

Layout (moto-like: state apart from HTTP, one folder per service):

    app.py          the ASGI app: dispatch by path prefix, request ids, request counting,
                    the background work of every backend
    operator.py     the operator API `/_localcloud`: requests, reset, faults, settings
    service.py      one API under its prefix, rendering errors in that API's own format
    store.py        SQLite (WAL) behind one connection and a lock
    policy.py       the caller's credentials (`Context`) and the role rules
    cloud.py        the store, the backends of the declared services, seeding and upgrading
    state.py        the state folder's files: localcloud.db, clouds.yaml, run.json, server.log
    control.py      start / stop / status of a background server
    identity/ compute/ image/ network/ block_storage/ object_store/
                    backend.py (state) + one module per resource (HTTP)
"""
