"""The fixed fleet this cloud pretends to run: one controller and three compute hosts (each a
libvirt/QEMU hypervisor) in the `nova` availability zone. Hypervisors, services, availability
zones and the scheduler all read it; servers are placed on the compute hosts.
"""

from __future__ import annotations

import uuid

DEFAULT_AZ = "nova"
INTERNAL_AZ = "internal"
CONTROLLER = "controller"
COMPUTE_HOSTS = ("compute1", "compute2", "compute3")

# Capacity of each hypervisor (plausible, not enforced: benchmarks boot thousands of servers).
VCPUS = 32
MEMORY_MB = 131072
LOCAL_GB = 2048
HYPERVISOR_TYPE = "QEMU"
HYPERVISOR_VERSION = 8002000
HOST_IPS = {host: f"192.168.122.{11 + index}" for index, host in enumerate(COMPUTE_HOSTS)}
CPU_INFO = {"arch": "x86_64", "model": "EPYC-Rome", "vendor": "AMD",
            "features": ["sse4.2", "avx2", "aes", "x2apic"],
            "topology": {"cores": 16, "threads": 2, "sockets": 1}}

# (binary, host, zone) of every nova service, in the order os-services lists them.
SERVICES = (
    ("nova-conductor", CONTROLLER, INTERNAL_AZ),
    ("nova-scheduler", CONTROLLER, INTERNAL_AZ),
    *(("nova-compute", host, DEFAULT_AZ) for host in COMPUTE_HOSTS),
)

_NAMESPACE = uuid.UUID("6c1d1a0e-3b7c-4a53-9a52-1f3c0d1b5e77")


def service_uuid(binary: str, host: str) -> str:
    """A stable uuid for a service (its id from 2.53)."""
    return str(uuid.uuid5(_NAMESPACE, f"service:{binary}@{host}"))


def hypervisor_uuid(host: str) -> str:
    """A stable uuid for the hypervisor of a compute host (its id from 2.53)."""
    return str(uuid.uuid5(_NAMESPACE, f"hypervisor:{host}"))


def hypervisor_number(host: str) -> int:
    """The integer id of a hypervisor before 2.53."""
    return COMPUTE_HOSTS.index(host) + 1
