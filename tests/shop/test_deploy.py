"""The Kubernetes manifests (deploy/k8s/) are valid for a real cluster, and say what the code says: the
process types of the Procfile, the queues the workers consume, the probes' paths, the settings' names, and a
grace period longer than the drain it must cover."""

import re
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from deploy.supervise import read_procfile
from tests.shop.test_docs import ROOT, settings_read_by_the_code

K8S = ROOT / "deploy" / "k8s"
KUBERNETES_VERSION = "1.32.0"  # the oldest release the manifests are for; the schemas are bundled, no network
TEMPLATES = {"secret.example.yaml"}  # filled in and applied by hand, never by a kustomization
PROCFILE = read_procfile((ROOT / "Procfile").read_text())


def manifests() -> list[Path]:
    return sorted(path for path in K8S.rglob("*.yaml") if path.name != "kustomization.yaml")


def documents(path: Path) -> list[dict]:
    return [document for document in yaml.safe_load_all(path.read_text()) if document]


def every_resource() -> dict[tuple[str, str], dict]:
    return {(doc["kind"], doc["metadata"]["name"]): doc for path in manifests() for doc in documents(path)}


def pod_specs() -> dict[str, dict]:
    specs = {}
    for (kind, name), resource in every_resource().items():
        if kind in {"Deployment", "StatefulSet", "Job"}:
            specs[name] = resource["spec"]["template"]["spec"]
    return specs


@pytest.mark.parametrize("path", manifests(), ids=lambda path: str(path.relative_to(K8S)))
def test_every_manifest_is_valid_for_kubernetes_in_strict_mode(path):
    for document in documents(path):
        if document["apiVersion"].startswith("keda.sh/"):
            continue  # a custom resource: no schema in Kubernetes' own; test_keda_… checks what matters
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


def kustomized(folder: Path) -> set[Path]:
    """The manifests a kustomization applies, with those of the folders it includes."""
    applied = set()
    for entry in yaml.safe_load((folder / "kustomization.yaml").read_text())["resources"]:
        target = folder / entry
        applied |= kustomized(target) if target.is_dir() else {target}
    return applied


def test_every_manifest_is_applied_by_a_kustomization_but_the_templates():
    applied = kustomized(K8S) | kustomized(K8S / "migrate")  # the Job goes first, on its own

    assert applied == {path for path in manifests() if path.name not in TEMPLATES}


def test_every_container_runs_a_process_type_of_the_procfile_or_the_migration():
    types = set(PROCFILE)
    ours = {
        name: spec["containers"][0]["args"] for name, spec in pod_specs().items() if name not in {"postgres", "redis"}
    }

    assert {args[0] for args in ours.values()} == types | {"migrate"}
    assert all(len(args) == 1 for args in ours.values())


def test_every_pod_runs_as_nobody_in_particular_within_its_resources():
    for name, spec in pod_specs().items():
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        assert spec["automountServiceAccountToken"] is False, name
        for container in spec["containers"]:
            assert container["securityContext"]["allowPrivilegeEscalation"] is False, name
            assert container["securityContext"]["capabilities"]["drop"] == ["ALL"], name
            assert set(container["resources"]) == {"requests", "limits"}, name
            assert {"cpu", "memory"} <= set(container["resources"]["requests"]), name


def test_the_web_probes_mean_what_the_code_means_and_its_grace_covers_the_drain():
    web = pod_specs()["web"]
    container = web["containers"][0]
    graceful_timeout = int(re.search(r"graceful_timeout = (\d+)", (ROOT / "gunicorn.conf.py").read_text())[1])
    pre_stop = int(container["lifecycle"]["preStop"]["exec"]["command"][1])

    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert web["terminationGracePeriodSeconds"] > pre_stop + graceful_timeout
    assert every_resource()[("Deployment", "web")]["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0


def test_exactly_one_relay_and_one_scheduler():
    for name in ("relay", "scheduler"):
        deployment = every_resource()[("Deployment", name)]
        assert deployment["spec"]["replicas"] == 1
        assert deployment["spec"]["strategy"] == {"type": "Recreate"}, "a rollout never runs two"


def test_keda_scales_the_workers_on_the_lists_of_the_queues_they_consume():
    queues = re.search(r"--queues (\S+)", PROCFILE["worker"])[1].split(",")
    scaled = every_resource()[("ScaledObject", "worker")]

    assert scaled["spec"]["scaleTargetRef"]["name"] == "worker"
    assert [trigger["metadata"]["listName"] for trigger in scaled["spec"]["triggers"]] == queues
    assert {trigger["type"] for trigger in scaled["spec"]["triggers"]} == {"redis"}


def test_the_config_map_and_the_secret_name_only_settings_the_code_reads():
    config = every_resource()[("ConfigMap", "shop-config")]["data"]
    secret = every_resource()[("Secret", "shop-secrets")]["stringData"]

    assert set(config) | (set(secret) - {"POSTGRES_PASSWORD"}) <= settings_read_by_the_code()
    assert {"SECRET_KEY", "DATABASE_URL"} <= set(secret)
