"""Uploads: documents of allowed types only, served as attachments that cannot run script; no SVG images."""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from wagtail.documents import get_document_model

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


class UploadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = get_user_model().objects.create_superuser("admin", "admin@example.ro", "parola-lunga-123")

    def setUp(self):
        self.client.force_login(self.admin)

    def upload_document(self, name, content, content_type):
        upload = SimpleUploadedFile(name, content, content_type=content_type)
        return self.client.post("/admin/documents/add/", {"title": name, "file": upload, "collection": 1})

    def test_script_carrying_types_are_refused(self):
        for name, content_type in (("x.svg", "image/svg+xml"), ("x.html", "text/html"), ("x.js", "text/javascript")):
            with self.subTest(name=name):
                self.upload_document(name, SVG, content_type)
                self.assertFalse(get_document_model().objects.filter(title=name).exists())

    def test_an_svg_image_is_refused(self):
        upload = SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml")
        response = self.client.post("/admin/images/add/", {"title": "logo", "file": upload, "collection": 1})
        self.assertIn(response.status_code, (200, 400))
        from wagtail.images import get_image_model

        self.assertFalse(get_image_model().objects.filter(title="logo").exists())

    def test_documents_download_as_attachments_that_cannot_run_script(self):
        for name, content_type in (("raport.pdf", "application/pdf"), ("note.txt", "text/plain")):
            with self.subTest(name=name):
                self.upload_document(name, b"%PDF-1.4 <script>alert(1)</script>", content_type)
                document = get_document_model().objects.get(title=name)
                self.client.logout()
                response = self.client.get(document.url)
                self.client.force_login(self.admin)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.headers["Content-Disposition"].startswith("attachment"))
                self.assertEqual(response.headers["Content-Security-Policy"], "default-src 'none'")
                self.assertEqual(response.headers["X-Content-Type-Options"], "nosniff")
