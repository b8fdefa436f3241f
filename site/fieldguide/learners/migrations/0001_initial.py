# LearnerSession moves here from progress. Its table stays where it is (db_table), so this
# migration only changes Django's state: no data moves.

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("progress", "0002_learner_sessions_and_step_time"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LearnerSession",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("key", models.CharField(max_length=32, unique=True)),
                        ("started_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={"db_table": "progress_learnersession"},
                ),
            ],
        ),
    ]
