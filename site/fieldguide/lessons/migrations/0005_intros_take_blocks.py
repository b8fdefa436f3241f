# Introductions (a tutorial's, the tutorial list's) take the blocks a step takes: their rich
# text becomes the first text block of a stream, on the pages and in their revisions. Text
# blocks take quotes, superscript and subscript; a code block's language is any name (Pygments
# highlights those it knows), and it has a title and marked lines.

import json
import uuid

import fieldguide.demos.allowlist
import fieldguide.lessons.blocks
import wagtail.fields
from django.db import migrations

INTRO_PAGES = ("tutorialpage", "tutorialindexpage")


def _as_stream(html):
    if not isinstance(html, str):
        return html  # already a stream
    if not html.strip():
        return []
    return [{"type": "text", "value": html, "id": str(uuid.uuid4())}]


def intros_to_streams(apps, schema_editor):
    for name in INTRO_PAGES:
        for page in apps.get_model("lessons", name).objects.all():
            page.intro = json.dumps(_as_stream(page.intro))
            page.save(update_fields=["intro"])
    content_types = apps.get_model("contenttypes", "ContentType").objects.filter(
        app_label="lessons", model__in=INTRO_PAGES
    )
    revisions = apps.get_model("wagtailcore", "Revision").objects
    for revision in revisions.filter(content_type__in=content_types):
        if isinstance(revision.content.get("intro"), str):
            revision.content["intro"] = json.dumps(_as_stream(revision.content["intro"]))
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('wagtailcore', '0098_apitoken'),
        ('lessons', '0004_headings_strikethrough_and_tables'),
    ]

    operations = [
        migrations.RunPython(intros_to_streams, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name='steppage',
            name='body',
            field=wagtail.fields.StreamField([('text', 0), ('code', 5), ('callout', 8), ('hint', 12), ('solution', 14), ('image', 18), ('table', 19), ('demo', 24)], blank=True, block_lookup={0: ('wagtail.blocks.RichTextBlock', (), {'features': ['h2', 'h3', 'h4', 'bold', 'italic', 'strikethrough', 'superscript', 'subscript', 'code', 'link', 'ol', 'ul', 'blockquote'], 'template': 'blocks/text_block.html'}), 1: ('wagtail.blocks.CharBlock', (), {'default': 'python', 'help_text': 'python, bash, console, sql, yaml… (any language Pygments knows); another name is shown as plain text.', 'max_length': 40}), 2: ('wagtail.blocks.CharBlock', (), {'help_text': 'Shown above the code, e.g. a file name.', 'max_length': 200, 'required': False}), 3: ('wagtail.blocks.CharBlock', (), {'help_text': 'Lines to mark, e.g. 2 3 or 5-7.', 'max_length': 200, 'required': False, 'validators': [fieldguide.lessons.blocks.validate_line_numbers]}), 4: ('fieldguide.lessons.blocks.PlainTextBlock', (), {}), 5: ('wagtail.blocks.StructBlock', [[('language', 1), ('title', 2), ('highlight', 3), ('code', 4)]], {}), 6: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('tip', 'Tip'), ('note', 'Note'), ('warning', 'Warning')]}), 7: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'strikethrough', 'superscript', 'subscript', 'code', 'link', 'ol', 'ul']}), 8: ('wagtail.blocks.StructBlock', [[('kind', 6), ('body', 7)]], {}), 9: ('wagtail.blocks.CharBlock', (), {'default': 'Hint', 'max_length': 120}), 10: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'strikethrough', 'superscript', 'subscript', 'code', 'link', 'ol', 'ul'], 'template': 'blocks/text_block.html'}), 11: ('wagtail.blocks.StreamBlock', [[('text', 10), ('code', 5)]], {}), 12: ('wagtail.blocks.StructBlock', [[('title', 9), ('body', 11)]], {}), 13: ('wagtail.blocks.CharBlock', (), {'default': 'Solution', 'max_length': 120}), 14: ('wagtail.blocks.StructBlock', [[('title', 13), ('body', 11)]], {}), 15: ('wagtail.images.blocks.ImageChooserBlock', (), {}), 16: ('wagtail.blocks.CharBlock', (), {'help_text': 'What the image shows, for screen readers.', 'max_length': 250}), 17: ('wagtail.blocks.CharBlock', (), {'max_length': 250, 'required': False}), 18: ('wagtail.blocks.StructBlock', [[('image', 15), ('alt_text', 16), ('caption', 17)]], {}), 19: ('wagtail.contrib.table_block.blocks.TableBlock', (), {'help_text': 'The first row is the header. Cells take bold, italic, code and links.', 'table_options': {'contextMenu': ['row_above', 'row_below', '---------', 'col_left', 'col_right', '---------', 'remove_row', 'remove_col', '---------', 'undo', 'redo', '---------', 'alignment'], 'renderer': 'html', 'startCols': 3, 'startRows': 3}}), 20: ('wagtail.blocks.ChoiceBlock', [], {'choices': fieldguide.demos.allowlist.demo_choices, 'help_text': 'Demos come from demos.toml.'}), 21: ('fieldguide.lessons.blocks.PlainTextBlock', (), {'help_text': 'Fixed parameter values, one name=value per line; learners choose the rest.', 'required': False, 'rows': 2}), 22: ('wagtail.blocks.BooleanBlock', (), {'help_text': "Make this demo the step's check: learners see “Check my work”, and success marks the step complete.", 'required': False}), 23: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'strikethrough', 'superscript', 'subscript', 'code', 'link', 'ol', 'ul'], 'help_text': 'Shown when the check fails.', 'required': False}), 24: ('wagtail.blocks.StructBlock', [[('demo', 20), ('params', 21), ('check', 22), ('check_hint', 23)]], {})}),
        ),
        migrations.AlterField(
            model_name='tutorialindexpage',
            name='intro',
            field=wagtail.fields.StreamField([('text', 0), ('code', 5), ('callout', 8), ('hint', 12), ('solution', 14), ('image', 18), ('table', 19), ('demo', 24)], blank=True, block_lookup={0: ('wagtail.blocks.RichTextBlock', (), {'features': ['h2', 'h3', 'h4', 'bold', 'italic', 'strikethrough', 'superscript', 'subscript', 'code', 'link', 'ol', 'ul', 'blockquote'], 'template': 'blocks/text_block.html'}), 1: ('wagtail.blocks.CharBlock', (), {'default': 'python', 'help_text': 'python, bash, console, sql, yaml… (any language Pygments knows); another name is shown as plain text.', 'max_length': 40}), 2: ('wagtail.blocks.CharBlock', (), {'help_text': 'Shown above the code, e.g. a file name.', 'max_length': 200, 'required': False}), 3: ('wagtail.blocks.CharBlock', (), {'help_text': 'Lines to mark, e.g. 2 3 or 5-7.', 'max_length': 200, 'required': False, 'validators': [fieldguide.lessons.blocks.validate_line_numbers]}), 4: ('fieldguide.lessons.blocks.PlainTextBlock', (), {}), 5: ('wagtail.blocks.StructBlock', [[('language', 1), ('title', 2), ('highlight', 3), ('code', 4)]], {}), 6: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('tip', 'Tip'), ('note', 'Note'), ('warning', 'Warning')]}), 7: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'strikethrough', 'superscript', 'subscript', 'code', 'link', 'ol', 'ul']}), 8: ('wagtail.blocks.StructBlock', [[('kind', 6), ('body', 7)]], {}), 9: ('wagtail.blocks.CharBlock', (), {'default': 'Hint', 'max_length': 120}), 10: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'strikethrough', 'superscript', 'subscript', 'code', 'link', 'ol', 'ul'], 'template': 'blocks/text_block.html'}), 11: ('wagtail.blocks.StreamBlock', [[('text', 10), ('code', 5)]], {}), 12: ('wagtail.blocks.StructBlock', [[('title', 9), ('body', 11)]], {}), 13: ('wagtail.blocks.CharBlock', (), {'default': 'Solution', 'max_length': 120}), 14: ('wagtail.blocks.StructBlock', [[('title', 13), ('body', 11)]], {}), 15: ('wagtail.images.blocks.ImageChooserBlock', (), {}), 16: ('wagtail.blocks.CharBlock', (), {'help_text': 'What the image shows, for screen readers.', 'max_length': 250}), 17: ('wagtail.blocks.CharBlock', (), {'max_length': 250, 'required': False}), 18: ('wagtail.blocks.StructBlock', [[('image', 15), ('alt_text', 16), ('caption', 17)]], {}), 19: ('wagtail.contrib.table_block.blocks.TableBlock', (), {'help_text': 'The first row is the header. Cells take bold, italic, code and links.', 'table_options': {'contextMenu': ['row_above', 'row_below', '---------', 'col_left', 'col_right', '---------', 'remove_row', 'remove_col', '---------', 'undo', 'redo', '---------', 'alignment'], 'renderer': 'html', 'startCols': 3, 'startRows': 3}}), 20: ('wagtail.blocks.ChoiceBlock', [], {'choices': fieldguide.demos.allowlist.demo_choices, 'help_text': 'Demos come from demos.toml.'}), 21: ('fieldguide.lessons.blocks.PlainTextBlock', (), {'help_text': 'Fixed parameter values, one name=value per line; learners choose the rest.', 'required': False, 'rows': 2}), 22: ('wagtail.blocks.BooleanBlock', (), {'help_text': "Make this demo the step's check: learners see “Check my work”, and success marks the step complete.", 'required': False}), 23: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'strikethrough', 'superscript', 'subscript', 'code', 'link', 'ol', 'ul'], 'help_text': 'Shown when the check fails.', 'required': False}), 24: ('wagtail.blocks.StructBlock', [[('demo', 20), ('params', 21), ('check', 22), ('check_hint', 23)]], {})}, help_text='Takes the blocks a step takes.'),
        ),
        migrations.AlterField(
            model_name='tutorialpage',
            name='intro',
            field=wagtail.fields.StreamField([('text', 0), ('code', 5), ('callout', 8), ('hint', 12), ('solution', 14), ('image', 18), ('table', 19), ('demo', 24)], blank=True, block_lookup={0: ('wagtail.blocks.RichTextBlock', (), {'features': ['h2', 'h3', 'h4', 'bold', 'italic', 'strikethrough', 'superscript', 'subscript', 'code', 'link', 'ol', 'ul', 'blockquote'], 'template': 'blocks/text_block.html'}), 1: ('wagtail.blocks.CharBlock', (), {'default': 'python', 'help_text': 'python, bash, console, sql, yaml… (any language Pygments knows); another name is shown as plain text.', 'max_length': 40}), 2: ('wagtail.blocks.CharBlock', (), {'help_text': 'Shown above the code, e.g. a file name.', 'max_length': 200, 'required': False}), 3: ('wagtail.blocks.CharBlock', (), {'help_text': 'Lines to mark, e.g. 2 3 or 5-7.', 'max_length': 200, 'required': False, 'validators': [fieldguide.lessons.blocks.validate_line_numbers]}), 4: ('fieldguide.lessons.blocks.PlainTextBlock', (), {}), 5: ('wagtail.blocks.StructBlock', [[('language', 1), ('title', 2), ('highlight', 3), ('code', 4)]], {}), 6: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('tip', 'Tip'), ('note', 'Note'), ('warning', 'Warning')]}), 7: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'strikethrough', 'superscript', 'subscript', 'code', 'link', 'ol', 'ul']}), 8: ('wagtail.blocks.StructBlock', [[('kind', 6), ('body', 7)]], {}), 9: ('wagtail.blocks.CharBlock', (), {'default': 'Hint', 'max_length': 120}), 10: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'strikethrough', 'superscript', 'subscript', 'code', 'link', 'ol', 'ul'], 'template': 'blocks/text_block.html'}), 11: ('wagtail.blocks.StreamBlock', [[('text', 10), ('code', 5)]], {}), 12: ('wagtail.blocks.StructBlock', [[('title', 9), ('body', 11)]], {}), 13: ('wagtail.blocks.CharBlock', (), {'default': 'Solution', 'max_length': 120}), 14: ('wagtail.blocks.StructBlock', [[('title', 13), ('body', 11)]], {}), 15: ('wagtail.images.blocks.ImageChooserBlock', (), {}), 16: ('wagtail.blocks.CharBlock', (), {'help_text': 'What the image shows, for screen readers.', 'max_length': 250}), 17: ('wagtail.blocks.CharBlock', (), {'max_length': 250, 'required': False}), 18: ('wagtail.blocks.StructBlock', [[('image', 15), ('alt_text', 16), ('caption', 17)]], {}), 19: ('wagtail.contrib.table_block.blocks.TableBlock', (), {'help_text': 'The first row is the header. Cells take bold, italic, code and links.', 'table_options': {'contextMenu': ['row_above', 'row_below', '---------', 'col_left', 'col_right', '---------', 'remove_row', 'remove_col', '---------', 'undo', 'redo', '---------', 'alignment'], 'renderer': 'html', 'startCols': 3, 'startRows': 3}}), 20: ('wagtail.blocks.ChoiceBlock', [], {'choices': fieldguide.demos.allowlist.demo_choices, 'help_text': 'Demos come from demos.toml.'}), 21: ('fieldguide.lessons.blocks.PlainTextBlock', (), {'help_text': 'Fixed parameter values, one name=value per line; learners choose the rest.', 'required': False, 'rows': 2}), 22: ('wagtail.blocks.BooleanBlock', (), {'help_text': "Make this demo the step's check: learners see “Check my work”, and success marks the step complete.", 'required': False}), 23: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'strikethrough', 'superscript', 'subscript', 'code', 'link', 'ol', 'ul'], 'help_text': 'Shown when the check fails.', 'required': False}), 24: ('wagtail.blocks.StructBlock', [[('demo', 20), ('params', 21), ('check', 22), ('check_hint', 23)]], {})}, help_text='Takes the blocks a step takes.'),
        ),
    ]
