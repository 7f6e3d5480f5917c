"""The words of listed people's names, folded, for the directory's name search (`alumni.name_search`)."""

from django.db import models


class NameWord(models.Model):
    """One word of a listed person's folded name ("stefan", "turcanu"): a name search looks each typed word up
    as a prefix on the index of these words."""

    alumnus = models.ForeignKey("alumni.Alumnus", on_delete=models.CASCADE, related_name="+", db_index=False)
    word = models.CharField(max_length=100)

    class Meta:
        indexes = [
            models.Index(fields=["word", "alumnus"], name="name_word_prefix"),
            models.Index(fields=["alumnus"], name="name_word_person"),
        ]

    def __str__(self) -> str:
        return self.word
