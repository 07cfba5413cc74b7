"""The built-in commands: name -> ("module:Class", one-line help).

A table rather than imports, so that `ostack <command>` loads only that command's module.
"""

from __future__ import annotations

_C = "ostack.cli.commands."

COMMANDS: dict[str, tuple[str, str]] = {
    "token issue": (_C + "identity.token:IssueToken", "Issue a new token"),
    "token revoke": (_C + "identity.token:RevokeToken", "Revoke a token"),
    "catalog list": (_C + "identity.catalog:ListCatalog", "List the services in the catalog"),
    "catalog show": (_C + "identity.catalog:ShowCatalog", "Show one service of the catalog"),
    "project list": (_C + "identity.projects:ListProject", "List projects"),
    "project show": (_C + "identity.projects:ShowProject", "Show a project"),
    "user list": (_C + "identity.users:ListUser", "List users"),
    "user show": (_C + "identity.users:ShowUser", "Show a user"),
    "versions show": (_C + "common.versions:ShowVersions",
                      "Show the API versions of the cloud's services"),
    "server list": (_C + "compute.servers:ListServer", "List servers"),
    "server show": (_C + "compute.servers:ShowServer", "Show a server's details"),
    "server create": (_C + "compute.servers:CreateServer", "Create a new server"),
    "server delete": (_C + "compute.servers:DeleteServer", "Delete servers"),
    "flavor list": (_C + "compute.flavors:ListFlavor", "List flavors"),
    "flavor show": (_C + "compute.flavors:ShowFlavor", "Show a flavor's details"),
    "keypair list": (_C + "compute.keypairs:ListKeypair", "List keypairs"),
    "image list": (_C + "image.images:ListImage", "List images"),
    "image show": (_C + "image.images:ShowImage", "Show an image's details"),
    "command list": (_C + "common.commands:ListCommand", "List the commands ostack knows"),
    "localcloud serve": (_C + "localcloud:Serve", "Run the local cloud in the foreground"),
    "localcloud start": (_C + "localcloud:Start", "Start the local cloud in the background"),
    "localcloud stop": (_C + "localcloud:Stop", "Stop the background local cloud"),
    "localcloud status": (_C + "localcloud:Status", "Show whether the local cloud runs, and where"),
}
