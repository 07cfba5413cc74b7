"""Nova's server state machine: vm states, task states, power states, the `status` a client
sees for each pair, the states each action accepts, and the steps each action walks through.

The steps are applied in the background (`ComputeBackend.advance`), spread over the task delay,
so a client polling a server sees the same sequence a real Nova shows (e.g. `os-stop`:
task_state `powering-off`, then vm_state `stopped` with power state 4).
"""

from __future__ import annotations

from typing import Any

from ..errors import Conflict

# nova.compute.power_state
NOSTATE, RUNNING, PAUSED, SHUTDOWN, CRASHED, SUSPENDED = 0, 1, 3, 4, 6, 7

# nova.compute.vm_states
ACTIVE, BUILDING, PAUSED_VM, SUSPENDED_VM, STOPPED = (
    "active", "building", "paused", "suspended", "stopped")
RESCUED, RESIZED, SOFT_DELETED, DELETED, ERROR = (
    "rescued", "resized", "soft-delete", "deleted", "error")
SHELVED, SHELVED_OFFLOADED = "shelved", "shelved_offloaded"

REBOOT_TASKS = ("rebooting", "reboot_pending", "reboot_started")
HARD_REBOOT_TASKS = ("rebooting_hard", "reboot_pending_hard", "reboot_started_hard")
REBUILD_TASKS = ("rebuilding", "rebuild_block_device_mapping", "rebuild_spawning")
RESIZE_TASKS = ("resize_prep", "resize_migrating", "resize_migrated", "resize_finish")

# nova.api.openstack.common._STATE_MAP: vm_state -> {task_state or "default": status}
STATE_MAP: dict[str, dict[str, str]] = {
    ACTIVE: {"default": "ACTIVE", **{t: "REBOOT" for t in REBOOT_TASKS},
             **{t: "HARD_REBOOT" for t in HARD_REBOOT_TASKS}, "updating_password": "PASSWORD",
             **{t: "REBUILD" for t in REBUILD_TASKS}, "migrating": "MIGRATING",
             **{t: "RESIZE" for t in RESIZE_TASKS}},
    BUILDING: {"default": "BUILD"},
    STOPPED: {"default": "SHUTOFF", **{t: "RESIZE" for t in RESIZE_TASKS},
              **{t: "REBUILD" for t in REBUILD_TASKS}},
    RESIZED: {"default": "VERIFY_RESIZE", "resize_reverting": "REVERT_RESIZE"},
    PAUSED_VM: {"default": "PAUSED", "migrating": "MIGRATING"},
    SUSPENDED_VM: {"default": "SUSPENDED"},
    RESCUED: {"default": "RESCUE"},
    ERROR: {"default": "ERROR", **{t: "REBUILD" for t in REBUILD_TASKS}},
    DELETED: {"default": "DELETED"},
    SOFT_DELETED: {"default": "SOFT_DELETED"},
    SHELVED: {"default": "SHELVED"},
    SHELVED_OFFLOADED: {"default": "SHELVED_OFFLOADED"},
}


def status(vm_state: str, task_state: str | None) -> str:
    """The `status` Nova shows for a (vm_state, task_state) pair."""
    by_task = STATE_MAP.get(vm_state)
    if by_task is None:
        return "UNKNOWN"
    return by_task.get(task_state or "default", by_task["default"])


def states_for_status(name: str) -> list[tuple[str, str | None]] | None:
    """The (vm_state, task_state or None for any) pairs a `status` filter value means;
    None when no server can have that status."""
    name = name.upper()
    pairs: list[tuple[str, str | None]] = []
    for vm_state, by_task in STATE_MAP.items():
        default_matches = by_task["default"] == name
        if default_matches:
            pairs.append((vm_state, None))
        else:
            pairs.extend((vm_state, task) for task, shown in by_task.items()
                         if task != "default" and shown == name)
    return pairs or None


# What each action accepts: (vm_states, task_states); None = any.
ANY_TASK = None
ALLOWED: dict[str, tuple[tuple[str, ...] | None, tuple[str | None, ...] | None]] = {
    "reboot": ((ACTIVE,), (None,)),
    "reboot_hard": ((ACTIVE, STOPPED, PAUSED_VM, SUSPENDED_VM, ERROR),
                    (None, *REBOOT_TASKS, *HARD_REBOOT_TASKS, "resuming", "pausing",
                     "unpausing", "suspending")),
    "stop": ((ACTIVE, ERROR), (None,)),
    "start": ((STOPPED,), (None,)),
    "pause": ((ACTIVE,), (None,)),
    "unpause": ((PAUSED_VM,), (None,)),
    "suspend": ((ACTIVE,), (None,)),
    "resume": ((SUSPENDED_VM,), (None,)),
    "shelve": ((ACTIVE, STOPPED, PAUSED_VM, SUSPENDED_VM), (None,)),
    "shelveOffload": ((SHELVED,), (None,)),
    "unshelve": ((SHELVED, SHELVED_OFFLOADED), (None,)),
    "rebuild": ((ACTIVE, STOPPED, ERROR), (None,)),
    "resize": ((ACTIVE, STOPPED), (None,)),
    "migrate": ((ACTIVE, STOPPED), (None,)),
    "os-migrateLive": ((ACTIVE, PAUSED_VM), (None,)),
    "confirmResize": ((RESIZED,), (None,)),
    "revertResize": ((RESIZED,), (None,)),
    "createImage": ((ACTIVE, STOPPED, PAUSED_VM, SUSPENDED_VM), (None,)),
    "createBackup": ((ACTIVE, STOPPED, PAUSED_VM, SUSPENDED_VM), (None,)),
    "changePassword": ((ACTIVE,), (None,)),
    "rescue": ((ACTIVE, STOPPED, ERROR), (None,)),
    "unrescue": ((RESCUED,), (None,)),
    "trigger_crash_dump": ((ACTIVE, PAUSED_VM, RESCUED, RESIZED, ERROR), (None,)),
    "forceDelete": ((SOFT_DELETED,), None),
    "restore": ((SOFT_DELETED,), None),
    "os-getConsoleOutput": ((ACTIVE,), None),
    "addSecurityGroup": (None, None),
    "removeSecurityGroup": (None, None),
}


def refusal(action: str, row: dict[str, Any]) -> str | None:
    """Nova's 409 message when `row` is in a state `action` does not accept, else None."""
    vm_states, task_states = ALLOWED[action]
    return refused("reboot" if action == "reboot_hard" else action, row, vm_states,
                   task_states)


def check(action: str, row: dict[str, Any], vm_states: tuple[str, ...] | None,
          task_states: tuple[str | None, ...] | None = (None,)) -> None:
    """409 with Nova's message when `row` is not in one of `vm_states` / `task_states`."""
    message = refused(action, row, vm_states, task_states)
    if message is not None:
        raise Conflict(message)


def refused(shown: str, row: dict[str, Any], vm_states: tuple[str, ...] | None,
            task_states: tuple[str | None, ...] | None) -> str | None:
    """Nova's 409 message for `shown` when the server's states are not among these."""
    if vm_states is not None and row["vm_state"] not in vm_states:
        return (f"Cannot '{shown}' instance {row['id']} while it is in vm_state "
                f"{row['vm_state']}")
    if task_states is not None and row["task_state"] not in task_states:
        return (f"Cannot '{shown}' instance {row['id']} while it is in task_state "
                f"{row['task_state']}")
    return None


Step = dict[str, Any]


def steps(tasks: list[str], final: Step) -> list[Step]:
    """A walk through task states ending in `final` (vm_state, power_state, other columns);
    each step takes an equal share of the delay."""
    walk: list[Step] = [{"task_state": task} for task in tasks]
    walk.append({"task_state": None, **final})
    for step in walk:
        step["share"] = 1 / len(walk)
    return walk
