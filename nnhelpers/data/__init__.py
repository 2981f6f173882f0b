"""Data sets made in code (nothing is downloaded). Uses only the engine's argument checks.

letter_bitmaps.py  letters(), noisy_letters(), nearest_template(): the letters a, b, c (lessons 04-08)
spam.py            spam_emails(): one sigmoid neuron's data set (lesson 01)
toy_tasks.py       spirals(), xor(): 2-D tasks a straight line cannot solve (lessons 05-07)
"""

from .letter_bitmaps import letters, nearest_template, noisy_letters
from .spam import spam_emails
from .toy_tasks import spirals, xor
