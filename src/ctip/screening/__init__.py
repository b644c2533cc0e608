"""Job-offer check: does a job post bear the marks of trafficking into scam compounds?"""
