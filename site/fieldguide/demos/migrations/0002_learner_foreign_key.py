# A run points at its learner's session by key. Runs whose key names no session (or none)
# keep their record, without a learner.

import django.db.models.deletion
from django.db import migrations, models


def forget_unknown_learners(apps, schema_editor):
    keys = apps.get_model("learners", "LearnerSession").objects.values_list("key", flat=True)
    runs = apps.get_model("demos", "DemoRun").objects
    runs.exclude(learner__in=list(keys)).update(learner=None)


class Migration(migrations.Migration):
    dependencies = [
        ("demos", "0001_initial"),
        ("learners", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="demorun",
            name="learner",
            field=models.CharField(max_length=64, null=True, blank=True),
        ),
        migrations.RunPython(forget_unknown_learners, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="demorun",
            name="learner",
            field=models.ForeignKey(
                blank=True,
                db_column="learner",
                help_text="The learner who asked for it.",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="learners.learnersession",
                to_field="key",
            ),
        ),
    ]
