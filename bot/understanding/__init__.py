"""Reading the person's own words: one reader for each kind of answer. Each returns a value a later step
accepts, or None. Plain Python with no other packages, so Rasa's own process can use them too."""
