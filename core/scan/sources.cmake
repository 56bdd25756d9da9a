# files of core/scan
