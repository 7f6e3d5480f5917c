"""The words of listed people's names, folded, for the directory's name search (`alumni.name_search`)."""

from django.db import models

# The person's columns each word carries, copied by the database (migration 0007's triggers): what a name search
# reads of its matches, without looking each of them up among everyone.
MIRRORED_COLUMNS = (
    "faculty_id",
    "sort_key",
    "public_study_cycle",
    "public_graduation_year",
    "public_sector",
    "public_country",
    "public_help_offers",
    "alumni_study_cycle",
    "alumni_graduation_year",
    "alumni_sector",
    "alumni_country",
    "alumni_help_offers",
)


class NameWord(models.Model):
    """One word of a listed person's folded name ("stefan", "turcanu"): a name search looks each typed word up
    as a prefix on the index of these words.

    Beside the word, the person's directory row as the database holds it: whether they are listed, their
    faculty, sort key and the stored columns of what each audience sees (`MIRRORED_COLUMNS`). The database copies
    them, never the code: a trigger fills them in when a word is written and rewrites them whenever the person's
    row changes one of them, bulk updates included, so they cannot drift from the person's own."""

    alumnus = models.ForeignKey("alumni.Alumnus", on_delete=models.CASCADE, related_name="+", db_index=False)
    word = models.CharField(max_length=100)

    listed = models.BooleanField(default=False, editable=False)
    faculty_id = models.BigIntegerField(null=True, editable=False)
    sort_key = models.CharField(max_length=700, default="", editable=False)
    public_study_cycle = models.CharField(max_length=10, null=True, editable=False)  # noqa: DJ001 - NULL: not shown
    public_graduation_year = models.PositiveSmallIntegerField(null=True, editable=False)
    public_sector = models.CharField(max_length=20, null=True, editable=False)  # noqa: DJ001 - NULL: not shown
    public_country = models.CharField(max_length=100, null=True, editable=False)  # noqa: DJ001 - NULL: not shown
    public_help_offers = models.PositiveSmallIntegerField(null=True, editable=False)
    alumni_study_cycle = models.CharField(max_length=10, null=True, editable=False)  # noqa: DJ001 - NULL: not shown
    alumni_graduation_year = models.PositiveSmallIntegerField(null=True, editable=False)
    alumni_sector = models.CharField(max_length=20, null=True, editable=False)  # noqa: DJ001 - NULL: not shown
    alumni_country = models.CharField(max_length=100, null=True, editable=False)  # noqa: DJ001 - NULL: not shown
    alumni_help_offers = models.PositiveSmallIntegerField(null=True, editable=False)

    class Meta:
        indexes = [
            models.Index(fields=["word", "alumnus"], name="name_word_prefix"),
            models.Index(fields=["alumnus"], name="name_word_person"),
        ]

    def __str__(self) -> str:
        return self.word
