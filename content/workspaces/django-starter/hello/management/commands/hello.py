"""Render the home page with the test client: a server-free way to see a view work."""

from django.core.management.base import BaseCommand
from django.test import Client


class Command(BaseCommand):
    help = "Fetch / with Django's test client and print the response."

    def handle(self, *args, **options):
        response = Client().get("/")
        self.stdout.write(f"GET / -> {response.status_code}")
        self.stdout.write(response.content.decode())
