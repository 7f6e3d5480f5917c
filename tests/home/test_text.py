"""Romanian diacritics never stop a search or a sort from working."""

from django.test import SimpleTestCase

from home.text import fold_diacritics, normalize_cedillas, romanian_sort_key


class FoldDiacriticsTests(SimpleTestCase):
    def test_comma_and_cedilla_forms_fold_to_the_same_text(self):
        self.assertEqual(fold_diacritics("Științe"), "stiinte")
        self.assertEqual(fold_diacritics("Ştiinţe"), "stiinte")
        self.assertEqual(fold_diacritics("ȘTIINȚE"), "stiinte")

    def test_every_romanian_letter_folds(self):
        self.assertEqual(fold_diacritics("ĂÂÎȘȚ ăâîșț şţ ŞŢ"), "aaist aaist st st")

    def test_empty_and_none(self):
        self.assertEqual(fold_diacritics(""), "")
        self.assertEqual(fold_diacritics(None), "")

    def test_cedillas_become_commas(self):
        self.assertEqual(normalize_cedillas("Timişoara, Ţara"), "Timișoara, Țara")


class RomanianSortKeyTests(SimpleTestCase):
    def test_romanian_alphabetical_order(self):
        names = [
            "Ștefan",
            "Zamfir",
            "Tudor",
            "Țurcanu",
            "Sava",
            "Ion",
            "Îliescu",
            "Jitaru",
            "Ana",
            "Ăla",
            "Âna",
            "Bogdan",
        ]
        expected = [
            "Ana",
            "Ăla",
            "Âna",
            "Bogdan",
            "Ion",
            "Îliescu",
            "Jitaru",
            "Sava",
            "Ștefan",
            "Tudor",
            "Țurcanu",
            "Zamfir",
        ]
        self.assertEqual(sorted(names, key=romanian_sort_key), expected)

    def test_cedilla_and_comma_forms_sort_together(self):
        self.assertEqual(romanian_sort_key("Şerban"), romanian_sort_key("Șerban"))

    def test_case_does_not_matter(self):
        self.assertEqual(romanian_sort_key("ȘERBAN"), romanian_sort_key("șerban"))

    def test_prefix_sorts_first(self):
        self.assertLess(romanian_sort_key("Pop"), romanian_sort_key("Popa"))
        self.assertLess(romanian_sort_key("Popa"), romanian_sort_key("Popă"))


class RomanianDateNamesTests(SimpleTestCase):
    def test_month_and_weekday_names_are_lowercase_in_romanian(self):
        import datetime

        from django.utils import formats, translation

        day = datetime.date(2026, 12, 3)
        with translation.override("ro"):
            self.assertEqual(formats.date_format(day, "l, j E Y"), "joi, 3 decembrie 2026")
            self.assertEqual(formats.date_format(day, "F Y"), "decembrie 2026")
        with translation.override("en"):
            self.assertEqual(formats.date_format(day, "l, j E Y"), "Thursday, 3 December 2026")
