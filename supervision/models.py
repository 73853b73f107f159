# Evaluations, review opinions, rectification and livelihood projects arrive with their issue.
