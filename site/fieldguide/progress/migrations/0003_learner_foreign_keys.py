# LearnerSession moved to the learners app (same table), and a learner's completions and
# times now point at it by key. Rows whose key names no session (from before sessions
# existed) could never be shown or exported: they go, so the foreign key can hold.

import django.db.models.deletion
from django.db import migrations, models


def drop_orphans(apps, schema_editor):
    keys = apps.get_model("learners", "LearnerSession").objects.values_list("key", flat=True)
    for name in ("StepCompletion", "StepTime"):
        apps.get_model("progress", name).objects.exclude(learner__in=list(keys)).delete()


def learner():
    return models.ForeignKey(
        db_column="learner",
        on_delete=django.db.models.deletion.CASCADE,
        related_name="+",
        to="learners.learnersession",
        to_field="key",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("learners", "0001_initial"),
        ("progress", "0002_learner_sessions_and_step_time"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="LearnerSession")],
        ),
        migrations.RunPython(drop_orphans, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(model_name="stepcompletion", name="learner", field=learner()),
        migrations.AlterField(model_name="steptime", name="learner", field=learner()),
    ]
