"""A local OpenStack-compatible cloud: Keystone v3, Nova v2.1 and Glance v2 on one loopback port.

It imports nothing from the client side of ostack; the two meet only over HTTP (see
docs/contracts.md). Start it with `python -m ostack.localcloud serve` (foreground) or
`ostack.localcloud.control.start()` (background).

Layout (moto-like: state apart from HTTP, one folder per service):

    app.py          the ASGI app: dispatch by path prefix, request ids, request counting,
                    the operator API `/_localcloud` (GET `/requests`, POST `/reset`, GET `/`)
    service.py      one API under its prefix, rendering errors in that API's own format
    store.py        SQLite (WAL) behind one connection and a lock
    policy.py       the caller's credentials (`Context`) and the admin/project rules
    bootstrap.py    seeding a fresh state folder; rebasing the catalog on a new port
    state.py        the state folder's files: localcloud.db, clouds.yaml, run.json, server.log
    control.py      start / stop / status of a background server
    identity/       backend.py (state) + tokens, projects, users, roles, domains,
                    application_credentials, catalog, versions (HTTP)
    compute/        backend.py (state) + servers, flavors, keypairs, limits, quotas, versions
    image/          backend.py (state) + images
"""
