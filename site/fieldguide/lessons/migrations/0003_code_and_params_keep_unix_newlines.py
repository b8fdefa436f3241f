# Code and demo parameters keep LF line endings (PlainTextBlock). What the admin stored
# before, with the browser's CRLF, is normalised here so the next dump matches its sources.

import fieldguide.demos.allowlist
import wagtail.fields
from django.db import migrations


def _unix(data):
    if isinstance(data, str):
        return data.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(data, list):
        return [_unix(item) for item in data]
    if isinstance(data, dict):
        return {key: _unix(value) for key, value in data.items()}
    return data


def normalise_newlines(apps, schema_editor):
    for page in apps.get_model("lessons", "StepPage").objects.all():
        raw = list(page.body.raw_data)
        clean = _unix(raw)
        if clean != raw:
            page.body = clean
            page.save(update_fields=["body"])
    for page in apps.get_model("lessons", "TutorialPage").objects.all():
        summary, prerequisites = _unix(page.summary), _unix(page.prerequisites)
        if (summary, prerequisites) != (page.summary, page.prerequisites):
            page.summary, page.prerequisites = summary, prerequisites
            page.save(update_fields=["summary", "prerequisites"])


class Migration(migrations.Migration):

    dependencies = [
        ('lessons', '0002_alter_steppage_body'),
    ]

    operations = [
        migrations.AlterField(
            model_name='steppage',
            name='body',
            field=wagtail.fields.StreamField([('text', 0), ('code', 3), ('callout', 6), ('hint', 9), ('solution', 11), ('image', 15), ('demo', 20)], blank=True, block_lookup={0: ('wagtail.blocks.RichTextBlock', (), {'features': ['h2', 'h3', 'h4', 'bold', 'italic', 'code', 'link', 'ol', 'ul']}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('python', 'Python'), ('console', 'Terminal'), ('bash', 'Shell'), ('toml', 'TOML'), ('yaml', 'YAML'), ('json', 'JSON'), ('html', 'HTML'), ('html+django', 'Django template'), ('css', 'CSS'), ('javascript', 'JavaScript'), ('markdown', 'Markdown'), ('ini', 'INI'), ('text', 'Plain text')]}), 2: ('fieldguide.lessons.blocks.PlainTextBlock', (), {}), 3: ('wagtail.blocks.StructBlock', [[('language', 1), ('code', 2)]], {}), 4: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('tip', 'Tip'), ('note', 'Note'), ('warning', 'Warning')]}), 5: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'code', 'link', 'ol', 'ul']}), 6: ('wagtail.blocks.StructBlock', [[('kind', 4), ('body', 5)]], {}), 7: ('wagtail.blocks.CharBlock', (), {'default': 'Hint', 'max_length': 120}), 8: ('wagtail.blocks.StreamBlock', [[('text', 5), ('code', 3)]], {}), 9: ('wagtail.blocks.StructBlock', [[('title', 7), ('body', 8)]], {}), 10: ('wagtail.blocks.CharBlock', (), {'default': 'Solution', 'max_length': 120}), 11: ('wagtail.blocks.StructBlock', [[('title', 10), ('body', 8)]], {}), 12: ('wagtail.images.blocks.ImageChooserBlock', (), {}), 13: ('wagtail.blocks.CharBlock', (), {'help_text': 'What the image shows, for screen readers.', 'max_length': 250}), 14: ('wagtail.blocks.CharBlock', (), {'max_length': 250, 'required': False}), 15: ('wagtail.blocks.StructBlock', [[('image', 12), ('alt_text', 13), ('caption', 14)]], {}), 16: ('wagtail.blocks.ChoiceBlock', [], {'choices': fieldguide.demos.allowlist.demo_choices, 'help_text': 'Demos come from demos.toml.'}), 17: ('fieldguide.lessons.blocks.PlainTextBlock', (), {'help_text': 'Fixed parameter values, one name=value per line; learners choose the rest.', 'required': False, 'rows': 2}), 18: ('wagtail.blocks.BooleanBlock', (), {'help_text': "Make this demo the step's check: learners see “Check my work”, and success marks the step complete.", 'required': False}), 19: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'code', 'link', 'ol', 'ul'], 'help_text': 'Shown when the check fails.', 'required': False}), 20: ('wagtail.blocks.StructBlock', [[('demo', 16), ('params', 17), ('check', 18), ('check_hint', 19)]], {})}),
        ),
        migrations.RunPython(normalise_newlines, migrations.RunPython.noop, elidable=True),
    ]
