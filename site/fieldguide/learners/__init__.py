"""Who is at this seat: the seat's stable id and its current learner session.

The bottom of the learner-facing apps: demos and progress both record what a learner did,
so both point here, and nothing here knows about either.
"""
