# files of core/jobs
