"""The multi-machine settings and files (deploy/): media on S3 and the front cache from the environment, read in
a process of their own as gunicorn reads them; the VCL compiles. The topology itself runs in `make cluster-test`."""

import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
READ = """
import json
import config.settings.production as s
from storages.backends.s3 import S3Storage
default = s.STORAGES["default"]
url = S3Storage(**default["OPTIONS"]).url("original_images/a b.png") if "OPTIONS" in default else None
print(json.dumps({
    "storage": default["BACKEND"], "url": url, "img_src": s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
    "front_cache_installed": "wagtail.contrib.frontend_cache" in s.INSTALLED_APPS,
    "front_caches": getattr(s, "WAGTAILFRONTENDCACHE", None),
    "database_options": s.DATABASES["default"].get("OPTIONS", {}),
}))
"""

BUCKET = {"AWS_STORAGE_BUCKET_NAME": "alumni-media", "AWS_ACCESS_KEY_ID": "key", "AWS_SECRET_ACCESS_KEY": "secret"}


def production(**environ) -> dict:
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "FRONTEND_CACHE"))}
    environment = {**clean, "SECRET_KEY": "x" * 60, "DJANGO_SETTINGS_MODULE": "config.settings.production", **environ}
    command = [sys.executable, "-c", READ]
    result = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, check=True)  # noqa: S603
    return json.loads(result.stdout)


class DeploySettingsTests(SimpleTestCase):
    def test_postgresql_sessions_cost_random_reads_as_on_an_ssd_unless_told_not_to(self):
        url = "postgres://alumni@db.example.ro:5432/alumni"
        self.assertEqual(production(DATABASE_URL=url)["database_options"]["options"], "-c random_page_cost=1.1")
        untouched = production(DATABASE_URL=url, DATABASE_SESSION_OPTIONS="")["database_options"]
        self.assertNotIn("options", untouched)
        given = production(DATABASE_URL=f"{url}?options=-c%20search_path%3Dalumni")["database_options"]["options"]
        self.assertEqual(given, "-c search_path=alumni -c random_page_cost=1.1")
        sqlite = production(DATABASE_URL="sqlite:////tmp/alumni.sqlite3")["database_options"]
        self.assertNotIn("options", sqlite)

    def test_without_a_bucket_or_a_front_cache_media_stay_on_disk_and_nothing_is_purged(self):
        read = production()
        self.assertEqual(read["storage"], "django.core.files.storage.FileSystemStorage")
        self.assertFalse(read["front_cache_installed"])
        self.assertIsNone(read["front_caches"])

    def test_a_bucket_puts_media_on_s3_at_unsigned_addresses_the_policy_allows(self):
        read = production(**BUCKET, AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000", AWS_S3_REGION_NAME="us-east-1")
        self.assertEqual(read["storage"], "storages.backends.s3.S3Storage")
        self.assertEqual(read["url"], "http://127.0.0.1:9000/alumni-media/original_images/a%20b.png")
        self.assertIn("http://127.0.0.1:9000", read["img_src"])

    def test_a_custom_domain_names_the_media_origin(self):
        read = production(
            **BUCKET, AWS_S3_ENDPOINT_URL="http://minio:9000", AWS_S3_CUSTOM_DOMAIN="media.example.ro/alumni-media"
        )
        self.assertEqual(read["url"], "https://media.example.ro/alumni-media/original_images/a%20b.png")
        self.assertIn("https://media.example.ro", read["img_src"])
        self.assertNotIn("http://minio:9000", read["img_src"])

    def test_each_front_cache_address_gets_a_purging_backend(self):
        read = production(FRONTEND_CACHE_URL="http://varnish-1:6091,http://varnish-2:6091", FRONTEND_CACHE_TIMEOUT="1")
        self.assertTrue(read["front_cache_installed"])
        self.assertEqual(
            read["front_caches"],
            {
                "front1": {
                    "BACKEND": "home.front_cache.VarnishBackend",
                    "LOCATION": "http://varnish-1:6091",
                    "TIMEOUT": 1.0,
                },
                "front2": {
                    "BACKEND": "home.front_cache.VarnishBackend",
                    "LOCATION": "http://varnish-2:6091",
                    "TIMEOUT": 1.0,
                },
            },
        )


class VclTests(SimpleTestCase):
    def test_the_vcl_compiles_with_the_compose_backends(self):
        varnishd = shutil.which("varnishd")
        if varnishd is None:
            self.skipTest("varnishd is not installed (apt-get install varnish)")
        folder = ROOT / "deploy" / "varnish"
        with tempfile.TemporaryDirectory() as work:
            os.chmod(work, 0o755)  # noqa: S103 - varnishd run as root reads it as its own user
            # Varnish resolves backend hosts when it compiles: the compose service names, on loopback here.
            backends = re.sub(r'\.host = "app\d+"', '.host = "127.0.0.1"', (folder / "backends.vcl").read_text())
            self.assertNotEqual(backends, (folder / "backends.vcl").read_text())
            (Path(work) / "backends.vcl").write_text(backends)
            shutil.copy(folder / "default.vcl", work)
            result = subprocess.run(  # noqa: S603 - Debian's varnishd, compiling only (-C)
                [varnishd, "-C", "-n", f"{work}/n", "-f", f"{work}/default.vcl", "-p", f"vcl_path={work}"],
                capture_output=True,
                text=True,
            )
        self.assertEqual(result.returncode, 0, result.stderr[-2000:])


class ProcessTests(SimpleTestCase):
    def test_an_app_server_freezes_what_it_loaded_before_its_first_request(self):
        import gc

        from config.process import freeze_startup_objects

        self.addCleanup(gc.unfreeze)
        freeze_startup_objects()
        self.assertGreater(gc.get_freeze_count(), 10_000)
        gc.unfreeze()
        self.assertEqual(gc.get_freeze_count(), 0)
        sys.modules.pop("config.wsgi", None)
        importlib.import_module("config.wsgi")  # what gunicorn loads
        self.assertGreater(gc.get_freeze_count(), 10_000)
