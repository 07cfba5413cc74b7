"""Cinder's `os-volume_upload_image`: a volume becomes an image in Glance."""

from __future__ import annotations

import uuid


def test_volume_uploaded_to_an_image(start_cloud):
    cloud = start_cloud(task_delay=0.1)
    token = cloud.token()
    project = cloud.authenticate().json["token"]["project"]["id"]
    volume = cloud.call("POST", f"/volume/v3/{project}/volumes",
                        {"volume": {"size": 1, "name": "v"}}, token=token).json["volume"]
    cloud.wait_for(lambda: cloud.call("GET", f"/volume/v3/{project}/volumes/{volume['id']}",
                                      token=token).json["volume"]["status"] == "available")
    name = f"from-volume-{uuid.uuid4().hex[:6]}"
    reply = cloud.call("POST", f"/volume/v3/{project}/volumes/{volume['id']}/action",
                       {"os-volume_upload_image": {"image_name": name, "disk_format": "raw",
                                                   "container_format": "bare"}},
                       token=token, headers={"OpenStack-API-Version": "volume 3.1"})
    assert reply.status == 202, reply.body
    uploaded = reply.json["os-volume_upload_image"]
    assert uploaded["image_name"] == name and uploaded["status"] == "uploading"
    image_id = uploaded["image_id"]

    def active() -> bool:
        image = cloud.call("GET", f"/image/v2/images/{image_id}", token=token).json
        return image["status"] == "active"

    cloud.wait_for(active)
    image = cloud.call("GET", f"/image/v2/images/{image_id}", token=token).json
    assert (image["name"], image["disk_format"], image["min_disk"]) == (name, "raw", 1)
    assert image["owner"] == project and image["size"] > 0
    data = cloud.call("GET", f"/image/v2/images/{image_id}/file", token=token)
    assert data.status == 200 and len(data.body) == image["size"]
    cloud.wait_for(lambda: cloud.call(
        "GET", f"/volume/v3/{project}/volumes/{volume['id']}",
        token=token).json["volume"]["status"] == "available")
