"""A local OpenStack-compatible cloud: Keystone v3, Nova v2.1 and Glance v2 on one loopback port.

It imports nothing from the client side of ostack; the two meet only over HTTP. Start it with
`python -m ostack.localcloud serve` or `ostack.localcloud.control.start()`.
"""
